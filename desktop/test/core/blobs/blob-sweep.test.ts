/**
 * When the core opens, blob files and `blobs` rows are made to agree: an
 * orphan file a lesson wants with the right bytes is adopted (no uplink
 * re-fetch), any other orphan or junk in a shard folder is removed (links
 * never followed), a row whose file is gone is dropped, and a normal blob is
 * left alone.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { blobRelativePath, partRelativePath } from '../../../src/core/blobs/blob-files.ts';
import { sweepBlobFiles } from '../../../src/core/blobs/blob-sweep.ts';
import { openCacheDb, type CacheDb } from '../../../src/core/cache/database.ts';
import { DesktopCore } from '../../../src/core/desktop-core.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (size: number) => new Uint8Array(randomBytes(size));

interface Blob {
  bytes: Uint8Array;
  sha256: string;
}
const blobOf = (size: number): Blob => {
  const bytes = bytesOf(size);
  return { bytes, sha256: sha256Of(bytes) };
};

async function withDb<T>(cacheDir: string, work: (db: CacheDb) => Promise<T>): Promise<T> {
  const db = await openCacheDb(cacheDir);
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** A lesson listing `blobs` as its resources. */
async function addLesson(db: CacheDb, id: string, blobs: { sha256: string; size: number }[]): Promise<void> {
  await db
    .insertInto('lessons')
    .values({ id, title: `Dərs ${id}`, description: '', subject: 'Riyaziyyat', grade: 5, language: 'az', updated_at: '2026-01-01T00:00:00Z', search_rowid: null })
    .execute();
  await db
    .insertInto('lesson_resources')
    .values(blobs.map((b, position) => ({ lesson_id: id, position, id: `r${position}`, name: 'f', media_type: 'text/html', size: b.size, sha256: b.sha256 })))
    .execute();
}

async function writeBlobFile(cacheDir: string, sha256: string, bytes: Uint8Array): Promise<string> {
  const path = join(cacheDir, blobRelativePath(sha256));
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, bytes);
  return path;
}

/** A blob as the store leaves it: file plus row with the file's mtime. */
async function storeBlob(db: CacheDb, cacheDir: string, blob: Blob): Promise<void> {
  const path = await writeBlobFile(cacheDir, blob.sha256, blob.bytes);
  await db
    .insertInto('blobs')
    .values({
      sha256: blob.sha256,
      size: blob.bytes.byteLength,
      relative_path: blobRelativePath(blob.sha256),
      verified_at: '2026-01-02T00:00:00.000Z',
      last_used_at: null,
      file_mtime_ms: (await stat(path)).mtimeMs,
    })
    .execute();
}

const exists = (path: string) => stat(path).then(
  () => true,
  () => false,
);

describe('start-up blob file sweep', () => {
  it('adopts an orphan file with a wanted size and the right bytes; the core then serves it and counts it in storage usage', async () => {
    const cacheDir = await dirs.make();
    const orphan = blobOf(30_000);
    const normal = blobOf(20_000);
    await withDb(cacheDir, async (db) => {
      await addLesson(db, 'l1', [
        { sha256: orphan.sha256, size: 30_000 },
        { sha256: normal.sha256, size: 20_000 },
      ]);
      await storeBlob(db, cacheDir, normal);
    });
    await writeBlobFile(cacheDir, orphan.sha256, orphan.bytes);
    const logged: unknown[] = [];

    const core = await DesktopCore.open({
      cacheDir,
      appVersion: '0.1.0-test',
      blobUrlPrefix: 'sinif-blob://x/',
      logInfo: (message, details) => logged.push({ message, details }),
    });
    try {
      const served = await core.verifiedBlob(orphan.sha256);
      expect(served).not.toBeNull();
      expect(sha256Of(await readFile(served!.path))).toBe(orphan.sha256);
      expect(await core['storage.usage']({})).toMatchObject({ usedBytes: 50_000, blobCount: 2 });
      expect((await core['library.browse']({})).lessons[0]).toMatchObject({ id: 'l1', downloadState: 'offline' });
      expect(logged).toEqual([{ message: expect.any(String), details: { adopted: [orphan.sha256], removed: [], forgotten: [] } }]);
    } finally {
      await core.close();
    }
  });

  it('removes an orphan with wrong bytes, one of a size no lesson gives it, and one no lesson wants', async () => {
    const cacheDir = await dirs.make();
    const damaged = blobOf(10_000);
    const resized = blobOf(10_000);
    const unwanted = blobOf(10_000);
    await withDb(cacheDir, (db) =>
      addLesson(db, 'l1', [
        { sha256: damaged.sha256, size: 10_000 },
        { sha256: resized.sha256, size: 12_000 },
      ]),
    );
    await writeBlobFile(cacheDir, damaged.sha256, bytesOf(10_000));
    await writeBlobFile(cacheDir, resized.sha256, resized.bytes);
    await writeBlobFile(cacheDir, unwanted.sha256, unwanted.bytes);

    const result = await withDb(cacheDir, (db) => sweepBlobFiles(db, cacheDir));

    expect(result.adopted).toEqual([]);
    expect(result.removed.sort()).toEqual([damaged, resized, unwanted].map((b) => blobRelativePath(b.sha256)).sort());
    for (const blob of [damaged, resized, unwanted]) expect(await exists(join(cacheDir, blobRelativePath(blob.sha256)))).toBe(false);
    expect(await withDb(cacheDir, (db) => db.selectFrom('blobs').selectAll().execute())).toEqual([]);
  });

  it('removes junk in the blob folders (links, folders, odd names, a misplaced blob) without following a link', async () => {
    const cacheDir = await dirs.make();
    const outside = await dirs.make('sinif-outside-');
    await writeFile(join(outside, 'precious.txt'), 'keep me');
    let misplaced = blobOf(1_000);
    while (misplaced.sha256.startsWith('ab')) misplaced = blobOf(1_000);
    // Random bytes: a hash starting 'ee' put its folder where the 'ee' link goes (EEXIST, 1 run in 256);
    // one in the 'ab' shard would mix it with the junk there.
    let linked = blobOf(1_000);
    while (['ab', 'ee'].includes(linked.sha256.slice(0, 2))) linked = blobOf(1_000);
    await withDb(cacheDir, (db) => addLesson(db, 'l1', [{ sha256: linked.sha256, size: 1_000 }]));
    const shard = join(cacheDir, 'blobs', 'ab');
    await mkdir(join(shard, 'a-folder'), { recursive: true });
    await writeFile(join(shard, 'a-folder', 'inside.bin'), 'x');
    await writeFile(join(shard, 'notes.txt'), 'not ours');
    await writeFile(join(shard, `ab${'0'.repeat(61)}X`), 'upper-case tail: not a sha256');
    await writeFile(join(shard, misplaced.sha256), misplaced.bytes); // a blob name, but not of this shard: the store never looks here
    // A link named like a wanted blob, pointing at a file with its very bytes: still never adopted, never followed.
    await writeFile(join(outside, 'blob.bin'), linked.bytes);
    await mkdir(join(cacheDir, 'blobs', linked.sha256.slice(0, 2)), { recursive: true });
    await symlink(join(outside, 'blob.bin'), join(cacheDir, blobRelativePath(linked.sha256)));
    // A link where a shard folder belongs.
    await symlink(outside, join(cacheDir, 'blobs', 'ee'));

    const result = await withDb(cacheDir, (db) => sweepBlobFiles(db, cacheDir));

    expect(result.adopted).toEqual([]);
    expect(result.removed).toEqual(
      expect.arrayContaining([
        'blobs/ab/a-folder',
        'blobs/ab/notes.txt',
        `blobs/ab/ab${'0'.repeat(61)}X`,
        blobRelativePath(linked.sha256),
        'blobs/ee',
        `blobs/ab/${misplaced.sha256}`,
      ]),
    );
    expect(await readdir(shard)).toEqual([]);
    expect(await exists(join(cacheDir, 'blobs', 'ee'))).toBe(false);
    // What the links pointed at is untouched.
    expect(await readFile(join(outside, 'precious.txt'), 'utf8')).toBe('keep me');
    expect(await readFile(join(outside, 'blob.bin'))).toEqual(Buffer.from(linked.bytes));
    expect(await withDb(cacheDir, (db) => db.selectFrom('blobs').selectAll().execute())).toEqual([]);
  });

  it('drops the row of a blob whose file is gone, so the lesson is no longer shown offline and a sync fetches it again', async () => {
    const cacheDir = await dirs.make();
    const lost = blobOf(5_000);
    const kept = blobOf(6_000);
    await withDb(cacheDir, async (db) => {
      await addLesson(db, 'l1', [
        { sha256: lost.sha256, size: 5_000 },
        { sha256: kept.sha256, size: 6_000 },
      ]);
      await storeBlob(db, cacheDir, lost);
      await storeBlob(db, cacheDir, kept);
    });
    await rm(join(cacheDir, blobRelativePath(lost.sha256)));
    // Half of it was being fetched again: that part must survive the part sweep that follows.
    await mkdir(join(cacheDir, 'blobs', 'tmp'), { recursive: true });
    await writeFile(join(cacheDir, partRelativePath(lost.sha256)), lost.bytes.subarray(0, 1_000));

    const core = await DesktopCore.open({ cacheDir, appVersion: '0.1.0-test', blobUrlPrefix: 'sinif-blob://x/', logInfo: () => {} });
    try {
      expect((await core['library.browse']({})).lessons[0]).toMatchObject({ downloadState: 'partial', downloadedBytes: 6_000 });
      expect(await core['storage.usage']({})).toMatchObject({ usedBytes: 6_000, blobCount: 1 });
      expect(await core.verifiedBlob(kept.sha256)).not.toBeNull();
    } finally {
      await core.close();
    }
    expect(await exists(join(cacheDir, partRelativePath(lost.sha256)))).toBe(true);
  });

  it('leaves thousands of normal blobs and their rows untouched', async () => {
    const cacheDir = await dirs.make();
    const blobs = Array.from({ length: 2_000 }, () => blobOf(64));
    const before = await withDb(cacheDir, async (db) => {
      await addLesson(db, 'many', blobs.map((b) => ({ sha256: b.sha256, size: 64 })));
      await Promise.all(blobs.map((blob) => writeBlobFile(cacheDir, blob.sha256, blob.bytes)));
      await db
        .insertInto('blobs')
        .values(
          await Promise.all(
            blobs.map(async (b) => ({
              sha256: b.sha256,
              size: 64,
              relative_path: blobRelativePath(b.sha256),
              verified_at: '2026-01-02T00:00:00.000Z',
              last_used_at: null,
              file_mtime_ms: (await stat(join(cacheDir, blobRelativePath(b.sha256)))).mtimeMs,
            })),
          ),
        )
        .execute();
      return db.selectFrom('blobs').selectAll().orderBy('sha256').execute();
    });

    const result = await withDb(cacheDir, (db) => sweepBlobFiles(db, cacheDir));

    expect(result).toEqual({ adopted: [], removed: [], forgotten: [] });
    expect(await withDb(cacheDir, (db) => db.selectFrom('blobs').selectAll().orderBy('sha256').execute())).toEqual(before);
  }, 20_000);

  it('opens a cache without a blobs folder at all', async () => {
    const cacheDir = await dirs.make();
    expect(await withDb(cacheDir, (db) => sweepBlobFiles(db, cacheDir))).toEqual({ adopted: [], removed: [], forgotten: [] });
  });
});
