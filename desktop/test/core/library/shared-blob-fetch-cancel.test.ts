/**
 * A caller of the shared blob fetch may stop waiting (a cancelled lesson
 * download) without taking the blob away from the others who want it; only
 * the last one out stops the transfer, and its `.part` stays for a resume.
 */
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobStore } from '../../../src/core/blobs/blob-store.ts';
import { DownloadThrottle } from '../../../src/core/blobs/download-throttle.ts';
import { openCacheDb, type CacheDb } from '../../../src/core/cache/database.ts';
import { sharedBlobFetch } from '../../../src/core/library/shared-blob-fetch.ts';
import { ServerClient, type ServerAuth } from '../../../src/core/server-client.ts';
import { sha256Of, startContentFixture } from '../../support/content-fixture.ts';
import { eventually } from '../../support/demo-server.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
const bytes = new Uint8Array(randomBytes(4_000_000));
const blob = { sha256: sha256Of(bytes), size: bytes.byteLength };
const client = new ServerClient({ timeoutMs: 5_000 });

let fixture: Awaited<ReturnType<typeof startContentFixture>>;
let db: CacheDb;
let store: BlobStore;
let auth: ServerAuth;
/** Bytes per second the downloads may take; null: no cap. */
let rate: number | null;

beforeEach(async () => {
  fixture = await startContentFixture(new Map([[blob.sha256, bytes]]));
  const cacheDir = await dirs.make();
  db = await openCacheDb(cacheDir);
  // 1 MB/s until the test lifts it: the 4 MB file would take 4 s, time enough to stop in the middle.
  rate = 1_000_000;
  store = new BlobStore(db, cacheDir, { throttle: new DownloadThrottle({ rate: () => rate }) });
  auth = { serverUrl: fixture.url, deviceToken: 'device', token: 'session' };
});

afterEach(async () => {
  await db.destroy();
  await fixture.close();
  await dirs.cleanup();
});

const fetchOf = () => sharedBlobFetch((a, wanted, onBytes, signal) => store.download(client, a, wanted, onBytes, signal));
const partSize = async () => (await stat(store.partPathOf(blob.sha256)).catch(() => null))?.size ?? null;
const cancelled = new Error('cancelled by the test');

describe('sharedBlobFetch with cancelling callers', () => {
  it('lets a cancelling caller leave at once while the other caller completes the blob over the same request', async () => {
    const fetch = fetchOf();
    const stop = new AbortController();
    let heard = 0;
    const leaving = fetch(auth, blob, (n) => (heard += n), stop.signal);
    const staying = fetch(auth, blob, () => {});
    await eventually(async () => (heard >= 100_000 ? true : undefined));
    stop.abort(cancelled);
    await expect(leaving).rejects.toBe(cancelled);
    const heardWhenLeft = heard;
    rate = null;
    await staying;
    expect(heard).toBe(heardWhenLeft);
    expect(fixture.ranges).toHaveLength(1);
    expect(await store.verifiedBlob(blob.sha256)).not.toBeNull();
  });

  it('stops the transfer when its last caller cancels, keeps the .part, and a later fetch resumes it with a Range request', async () => {
    const fetch = fetchOf();
    const stop = new AbortController();
    let heard = 0;
    const only = fetch(auth, blob, (n) => (heard += n), stop.signal);
    // The store writes in batches: wait for bytes on disk, not only heard.
    await eventually(async () => (((await partSize()) ?? 0) > 0 ? true : undefined));
    stop.abort(cancelled);
    await expect(only).rejects.toBe(cancelled);
    // The rejection waited for the transfer to stop: the part no longer grows.
    const kept = await partSize();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await partSize()).toBe(kept);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(blob.size);
    expect(await store.verifiedBlob(blob.sha256)).toBeNull();

    rate = null;
    await fetch(auth, blob, () => {});
    expect(fixture.ranges).toEqual([undefined, `bytes=${kept}-`]);
    expect(await store.verifiedBlob(blob.sha256)).not.toBeNull();
  });

  it('refuses at once a caller whose signal is already aborted, without a request', async () => {
    const stop = new AbortController();
    stop.abort(cancelled);
    await expect(fetchOf()(auth, blob, () => {}, stop.signal)).rejects.toBe(cancelled);
    expect(fixture.ranges).toHaveLength(0);
  });
});
