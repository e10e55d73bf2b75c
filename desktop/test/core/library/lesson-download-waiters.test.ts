/**
 * Who waits on a lesson download (a lesson the teacher pushed to this seat,
 * through `LessonDownloads.fetch`) hears when the user cancels it: the
 * download answers `failed` with DOWNLOAD_CANCELLED, never a false `done`.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobStore } from '../../../src/core/blobs/blob-store.ts';
import { DownloadThrottle } from '../../../src/core/blobs/download-throttle.ts';
import { openCacheDb, type CacheDb } from '../../../src/core/cache/database.ts';
import { LessonDownloads } from '../../../src/core/library/lesson-downloads.ts';
import { sharedBlobFetch } from '../../../src/core/library/shared-blob-fetch.ts';
import { ServerClient, type ServerAuth } from '../../../src/core/server-client.ts';
import { sha256Of, startContentFixture } from '../../support/content-fixture.ts';
import { eventually } from '../../support/demo-server.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
const bytes = new Uint8Array(randomBytes(3_000_000));
const sha256 = sha256Of(bytes);
const client = new ServerClient({ timeoutMs: 5_000 });

let fixture: Awaited<ReturnType<typeof startContentFixture>>;
let db: CacheDb;
let downloads: LessonDownloads;
let auth: ServerAuth;

beforeEach(async () => {
  fixture = await startContentFixture(new Map([[sha256, bytes]]));
  const cacheDir = await dirs.make();
  db = await openCacheDb(cacheDir);
  await db
    .insertInto('lessons')
    .values({ id: 'pushed', title: 'Fotosintez', description: '', subject: 'Biologiya', grade: 6, language: 'az', updated_at: '2026-01-01T00:00:00Z', search_rowid: null })
    .execute();
  await db
    .insertInto('lesson_resources')
    .values({ lesson_id: 'pushed', position: 0, id: 'r0', name: 'film.mp4', media_type: 'video/mp4', size: bytes.byteLength, sha256 })
    .execute();
  // 500 kB/s: the file would take 6 s.
  const blobs = new BlobStore(db, cacheDir, { throttle: new DownloadThrottle({ rate: () => 500_000 }) });
  const fetchBlob = sharedBlobFetch((a, wanted, onBytes, signal) => blobs.download(client, a, wanted, onBytes, signal));
  downloads = new LessonDownloads({ db, blobs, fetchBlob }, { concurrency: 2 }, (message, error) => {
    throw new Error(`unexpected log: ${message} ${String(error)}`);
  });
  auth = { serverUrl: fixture.url, deviceToken: 'device', token: 'session' };
});

afterEach(async () => {
  await downloads.settled();
  await db.destroy();
  await fixture.close();
  await dirs.cleanup();
});

describe('LessonDownloads.cancel and the callers waiting on the download', () => {
  it('answers a waiting fetch with DOWNLOAD_CANCELLED and lists nothing afterwards', async () => {
    const waiting = downloads.fetch(auth, 'pushed');
    await eventually(async () => ((downloads.of('pushed')?.bytesDone ?? 0) > 0 ? true : undefined));
    expect(await downloads.cancel('pushed')).toBe(true);
    expect(await waiting).toMatchObject({ lessonId: 'pushed', state: 'failed', error: { code: 'DOWNLOAD_CANCELLED' } });
    expect(downloads.list()).toEqual([]);
    expect(await downloads.cancel('pushed')).toBe(false);
  });
});
