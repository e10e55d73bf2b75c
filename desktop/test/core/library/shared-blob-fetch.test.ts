import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobStore } from '../../../src/core/blobs/blob-store.ts';
import { openCacheDb, type CacheDb } from '../../../src/core/cache/database.ts';
import { sharedBlobFetch } from '../../../src/core/library/shared-blob-fetch.ts';
import { ServerClient, type ServerAuth } from '../../../src/core/server-client.ts';
import { sha256Of, startContentFixture } from '../../support/content-fixture.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
const bytes = new Uint8Array(randomBytes(2_000_000));
const blob = { sha256: sha256Of(bytes), size: bytes.byteLength };
const client = new ServerClient({ timeoutMs: 5_000 });

let fixture: Awaited<ReturnType<typeof startContentFixture>>;
let db: CacheDb;
let store: BlobStore;
let auth: ServerAuth;

beforeEach(async () => {
  fixture = await startContentFixture(new Map([[blob.sha256, bytes]]));
  const cacheDir = await dirs.make();
  db = await openCacheDb(cacheDir);
  store = new BlobStore(db, cacheDir);
  auth = { serverUrl: fixture.url, deviceToken: 'device', token: 'session' };
});

afterEach(async () => {
  await db.destroy();
  await fixture.close();
  await dirs.cleanup();
});

describe('sharedBlobFetch', () => {
  it('fetches a blob wanted twice at once over one request, and both callers hear every byte', async () => {
    const fetch = sharedBlobFetch((a, wanted, onBytes) => store.download(client, a, wanted, onBytes));
    const heard = [0, 0];
    await Promise.all([fetch(auth, blob, (n) => (heard[0]! += n)), fetch(auth, blob, (n) => (heard[1]! += n))]);
    expect(fixture.ranges).toHaveLength(1);
    expect(heard).toEqual([blob.size, blob.size]);
    expect(await store.verifiedBlob(blob.sha256)).not.toBeNull();
  });

  it('shares a failure with every caller and fetches afresh when asked again', async () => {
    const missing = { sha256: sha256Of(new Uint8Array([1, 2, 3])), size: 3 };
    const fetch = sharedBlobFetch((a, wanted, onBytes) => store.download(client, a, wanted, onBytes));
    const outcomes = await Promise.allSettled([fetch(auth, missing, () => {}), fetch(auth, missing, () => {})]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(fixture.ranges).toHaveLength(1);
    await expect(fetch(auth, missing, () => {})).rejects.toThrow();
    expect(fixture.ranges).toHaveLength(2);
  });
});
