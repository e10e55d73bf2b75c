import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import type { Lesson } from '@sinif/shared';
import { BlobStore } from '../../../src/core/blobs/blob-store.ts';
import { CatalogPageWriter } from '../../../src/core/cache/catalog-page-writer.ts';
import { openCacheDb, type CacheDb } from '../../../src/core/cache/database.ts';
import { LessonStore } from '../../../src/core/cache/lesson-store.ts';
import { ServerClient, type ServerAuth } from '../../../src/core/server-client.ts';
import { HostFailure } from '../../../src/host/host-failure.ts';
import { sha256Of, startContentFixture } from '../../support/content-fixture.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
const SIZE = 1000;
const files = ['a', 'b', 'c', 'd'].map((fill) => new Uint8Array(SIZE).fill(fill.charCodeAt(0)));
const [A, B, C, D] = files.map((bytes) => ({ sha256: sha256Of(bytes), size: SIZE }));
const client = new ServerClient({ timeoutMs: 5_000 });

let fixture: Awaited<ReturnType<typeof startContentFixture>>;
let db: CacheDb;
let cacheDir: string;
let auth: ServerAuth;
let seq = 0;

function lessonWith(id: string, ...blobs: { sha256: string; size: number }[]): Lesson {
  return {
    id, title: id, description: '', subject: 'Test', grade: 1, language: 'en', updatedAt: '2026-01-01T00:00:00Z',
    resources: blobs.map((b, i) => ({ id: `r${i}`, name: `f${i}`, mediaType: 'application/octet-stream', ...b })),
  };
}

async function catalog(...lessons: Lesson[]): Promise<void> {
  await new CatalogPageWriter(db).applyPage(lessons.map((lesson) => ({ seq: ++seq, kind: 'upsert' as const, lesson })), String(seq));
}

async function lastUsed(blob: { sha256: string }, at: string): Promise<void> {
  await db.updateTable('blobs').set({ last_used_at: at }).where('sha256', '=', blob.sha256).execute();
}

const cached = async () => (await db.selectFrom('blobs').select('sha256').execute()).map((r) => r.sha256).sort();
const store = (quotaBytes: number) => new BlobStore(db, cacheDir, { quotaBytes, minFreeDiskBytes: 0 });
const download = (blobs: BlobStore, blob: { sha256: string; size: number }) => blobs.download(client, auth, blob, () => {});

beforeEach(async () => {
  fixture = await startContentFixture(new Map(files.map((bytes) => [sha256Of(bytes), bytes])));
  cacheDir = await dirs.make();
  db = await openCacheDb(cacheDir);
  auth = { serverUrl: fixture.url, deviceToken: 'device', token: 'session' };
  await catalog(lessonWith('la', A!), lessonWith('lb', B!), lessonWith('lc', C!), lessonWith('ld', D!));
});

afterEach(async () => {
  await db.destroy();
  await fixture.close();
  await dirs.cleanup();
});

describe('BlobQuota (disk quota with LRU eviction)', () => {
  it('evicts the least recently used blob to make room, and deletes its file', async () => {
    const blobs = store(2 * SIZE);
    await download(blobs, A!);
    await download(blobs, B!);
    await lastUsed(A!, '2026-03-01T00:00:00.000Z');
    await lastUsed(B!, '2026-02-01T00:00:00.000Z');
    await download(blobs, C!);
    expect(await cached()).toEqual([A!.sha256, C!.sha256].sort());
    expect(existsSync(blobs.pathOf(B!.sha256))).toBe(false);
    expect(await blobs.quota.usedBytes()).toBe(2 * SIZE);
  });

  it('removes blobs no lesson references any more before used ones, however recent', async () => {
    const blobs = store(2 * SIZE);
    await download(blobs, A!);
    await download(blobs, B!);
    await lastUsed(A!, '2026-01-01T00:00:00.000Z');
    await lastUsed(B!, '2026-12-01T00:00:00.000Z');
    await new CatalogPageWriter(db).applyPage([{ seq: ++seq, kind: 'delete', lessonId: 'lb' }], String(seq));
    await download(blobs, C!);
    expect(await cached()).toEqual([A!.sha256, C!.sha256].sort());
  });

  it('never evicts blobs of a pinned lesson or blobs in use; QUOTA_EXCEEDED leaves the cache as it was', async () => {
    const blobs = store(2 * SIZE);
    await download(blobs, A!);
    await download(blobs, B!);
    await new LessonStore(db).setPinned('la', true);
    const release = blobs.quota.hold([B!.sha256]);
    const error = await download(blobs, C!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostFailure);
    expect((error as HostFailure).code).toBe('QUOTA_EXCEEDED');
    expect(await cached()).toEqual([A!.sha256, B!.sha256].sort());
    expect(await blobs.verifiedBlob(A!.sha256)).not.toBeNull();
    expect(await blobs.verifiedBlob(B!.sha256)).not.toBeNull();
    expect(existsSync(blobs.partPathOf(C!.sha256))).toBe(false);
    expect(fixture.ranges.length).toBe(2); // C was refused before any byte was fetched

    release();
    await download(blobs, C!);
    expect(await cached()).toEqual([A!.sha256, C!.sha256].sort());
  });

  it('counts downloads in flight, so parallel downloads never overrun the quota together', async () => {
    const blobs = store(3 * SIZE);
    const release = blobs.quota.hold([A!.sha256, B!.sha256, C!.sha256, D!.sha256]); // like a running sync
    const results = await Promise.allSettled([A, B, C, D].map((blob) => download(blobs, blob!)));
    release();
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(3);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((failed.reason as HostFailure).code).toBe('QUOTA_EXCEEDED');
    expect(await blobs.quota.usedBytes()).toBe(3 * SIZE);
    expect(readdirSync(`${cacheDir}/blobs/tmp`)).toEqual([]);
  });

  it('lists pinned lessons\' missing blobs first, so a sync fills the quota with them', async () => {
    const lessons = new LessonStore(db);
    await lessons.setPinned('ld', true);
    expect((await lessons.missingBlobs())[0]?.sha256).toBe(D!.sha256);
    await lessons.setPinned('ld', false);
    expect((await lessons.missingBlobs()).map((b) => b.sha256)).toEqual([A, B, C, D].map((b) => b!.sha256).sort());
  });
});
