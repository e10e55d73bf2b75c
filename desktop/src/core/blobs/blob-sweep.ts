/**
 * Start-up reconciliation of verified blob files (`blobs/<aa>/<sha256>`) with
 * their `blobs` rows. A crash between a download's rename and its row insert
 * leaves a file without a row: disk the quota never counts, forever. An
 * eviction that deleted the row but died before the unlink does the same.
 * The other way round, a file deleted behind the app's back leaves a row that
 * makes the library show the lesson offline and the sync never fetch it again.
 *
 * Cheap on a cache of thousands of blobs: one readdir per shard folder and one
 * read of the rows; only orphan files (normally none) are hashed, and then
 * only when their size is one a lesson wants.
 */
import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CacheDb } from '../cache/database.ts';
import { blobRelativePath, removeQuietly, sha256OfFile } from './blob-files.ts';
import { QUERY_BATCH, unverifiedWantedSizes } from './wanted-blobs.ts';

const SHARD = /^[0-9a-f]{2}$/;
const SHA256 = /^[0-9a-f]{64}$/;

export interface BlobSweepResult {
  /** Orphan files whose bytes a lesson wants and that hashed to their name: recorded as verified. */
  adopted: string[];
  /** Paths (relative to the cache dir) removed: orphans no lesson wants or with wrong bytes, and junk. */
  removed: string[];
  /** Blobs whose row was dropped because their file is gone. */
  forgotten: string[];
}

/** Regular files named by their sha256 in the right shard; everything else in a shard is removed (never followed). */
async function blobFiles(cacheDir: string, result: BlobSweepResult): Promise<Set<string>> {
  const root = join(cacheDir, 'blobs');
  const files = new Set<string>();
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  for (const shard of entries) {
    if (!SHARD.test(shard.name)) continue; // `tmp` (part-sweep.ts) and anything not ours to judge
    if (!shard.isDirectory()) {
      // A link or file where a shard folder belongs: a download could write through it, or not at all.
      await rm(join(root, shard.name), { force: true, recursive: true }).catch(() => {});
      result.removed.push(`blobs/${shard.name}`);
      continue;
    }
    // withFileTypes reports the entry itself (lstat): a symlink is a symlink, never its target.
    const names = await readdir(join(root, shard.name), { withFileTypes: true }).catch(() => []);
    for (const entry of names) {
      const relative = `blobs/${shard.name}/${entry.name}`;
      if (entry.isFile() && SHA256.test(entry.name) && entry.name.startsWith(shard.name)) files.add(entry.name);
      else {
        // rm never follows a symlink: only the link goes, not what it points at.
        await rm(join(cacheDir, relative), { force: true, recursive: true }).catch(() => {});
        result.removed.push(relative);
      }
    }
  }
  return files;
}

/** Records the file as the store does after verifying a download (see BlobStore), or removes it. */
async function adoptOrRemove(db: CacheDb, cacheDir: string, orphans: string[], result: BlobSweepResult): Promise<void> {
  // An orphan has no row, so "not verified yet" holds for each of them.
  const wanted = await unverifiedWantedSizes(db, orphans);
  for (const sha256 of orphans) {
    const relative = blobRelativePath(sha256);
    const path = join(cacheDir, relative);
    const info = await lstat(path).catch(() => null);
    const size = wanted.get(sha256);
    // Hash only what could be adopted: a wanted size first, so junk of any size costs no read.
    if (info?.isFile() && size === info.size && (await sha256OfFile(path).catch(() => null)) === sha256) {
      await db
        .insertInto('blobs')
        .values({ sha256, size, relative_path: relative, verified_at: new Date().toISOString(), last_used_at: null, file_mtime_ms: info.mtimeMs })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      result.adopted.push(sha256);
    } else {
      await removeQuietly(path);
      result.removed.push(relative);
    }
  }
}

/**
 * Makes `blobs/` and the `blobs` table agree. Run at open, before any
 * download (and before sweepStaleParts, which then drops the `.part` of an
 * adopted blob and keeps the one of a forgotten blob).
 */
export async function sweepBlobFiles(db: CacheDb, cacheDir: string): Promise<BlobSweepResult> {
  const result: BlobSweepResult = { adopted: [], removed: [], forgotten: [] };
  const files = await blobFiles(cacheDir, result);
  const rows = await db.selectFrom('blobs').select(['sha256', 'relative_path']).execute();
  const recorded = new Set<string>();
  const gone: string[] = [];
  for (const row of rows) {
    recorded.add(row.sha256);
    const present =
      row.relative_path === blobRelativePath(row.sha256)
        ? files.has(row.sha256)
        : // A row from elsewhere than the store's layout: look at its own path (rare; never seen in a shard listing).
          ((await lstat(join(cacheDir, row.relative_path)).catch(() => null))?.isFile() ?? false);
    if (!present) gone.push(row.sha256);
  }
  for (let i = 0; i < gone.length; i += QUERY_BATCH) {
    await db.deleteFrom('blobs').where('sha256', 'in', gone.slice(i, i + QUERY_BATCH)).execute();
  }
  result.forgotten.push(...gone);
  await adoptOrRemove(
    db,
    cacheDir,
    [...files].filter((sha256) => !recorded.has(sha256)),
    result,
  );
  return result;
}
