/**
 * The bandwidth cap paces real downloads over loopback: one capped download
 * takes at least (size - burst) / rate, and two at once (one from the server,
 * one the lab-peer way) share the one rate instead of each getting it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { BlobStore } from '../../../src/core/blobs/blob-store.ts';
import { DownloadThrottle, burstBytesOf, bytesPerSecondOf } from '../../../src/core/blobs/download-throttle.ts';
import { openCacheDb, type CacheDb } from '../../../src/core/cache/database.ts';
import { ServerClient, type ServerAuth } from '../../../src/core/server-client.ts';
import { sha256Of, startContentFixture } from '../../support/content-fixture.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
const client = new ServerClient({ timeoutMs: 5_000 });
const KBPS = 256;
const rate = bytesPerSecondOf(KBPS); // 32,000 bytes/s
const big = new Uint8Array(64 * 1024).map((_, i) => i % 251);
const halfA = big.subarray(0, 32 * 1024);
const halfB = big.subarray(32 * 1024);
const blobOf = (bytes: Uint8Array) => ({ sha256: sha256Of(bytes), size: bytes.byteLength });

let fixture: Awaited<ReturnType<typeof startContentFixture>>;
let db: CacheDb;
let cacheDir: string;
let auth: ServerAuth;
let cap: number | null;
let store: BlobStore;

beforeEach(async () => {
  fixture = await startContentFixture(new Map([big, halfA, halfB].map((bytes) => [sha256Of(bytes), bytes])));
  cacheDir = await dirs.make();
  db = await openCacheDb(cacheDir);
  auth = { serverUrl: fixture.url, deviceToken: 'device', token: 'session' };
  cap = rate;
  store = new BlobStore(db, cacheDir, { minFreeDiskBytes: 0, throttle: new DownloadThrottle({ rate: () => cap }) });
});

afterEach(async () => {
  await db.destroy();
  await fixture.close();
  await dirs.cleanup();
});

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

/** Least time `bytes` may take under the cap: only the first burst is free. */
const floorSeconds = (bytes: number) => (bytes - burstBytesOf(rate)) / rate;

describe('download bandwidth cap', () => {
  it('keeps a 64 KiB download at 256 kbit/s to at least (size - burst) / rate, and it still verifies', async () => {
    const seconds = await timed(() => store.download(client, auth, blobOf(big), () => {}));
    expect(seconds).toBeGreaterThanOrEqual(floorSeconds(big.byteLength) * 0.95);
    // Not far slower than the cap either (generous: a loaded CI machine stalls too).
    expect(seconds).toBeLessThan((big.byteLength / rate) * 3 + 3);
    expect(await readFile(store.pathOf(sha256Of(big)))).toEqual(Buffer.from(big));
  });

  it('shares one rate between a server download and a peer-style download running at once', async () => {
    const peerStyle = (fromByte: number, signal: AbortSignal) => fetch(`${fixture.url}/api/v1/content/${sha256Of(halfB)}`, { signal });
    const seconds = await timed(() =>
      Promise.all([
        store.download(client, auth, blobOf(halfA), () => {}),
        store.downloadFrom(peerStyle, blobOf(halfB), () => {}, { resume: false }),
      ]),
    );
    // Each alone would need only (32 KiB - burst) / rate ≈ 0.5 s.
    expect(seconds).toBeGreaterThanOrEqual(floorSeconds(halfA.byteLength + halfB.byteLength) * 0.95);
    expect(await store.verifiedBlob(sha256Of(halfA))).not.toBeNull();
    expect(await store.verifiedBlob(sha256Of(halfB))).not.toBeNull();
  });

  it('runs at full speed while no cap is in force', async () => {
    cap = null;
    const seconds = await timed(() => store.download(client, auth, blobOf(big), () => {}));
    expect(seconds).toBeLessThan(floorSeconds(big.byteLength) / 2);
  });
});
