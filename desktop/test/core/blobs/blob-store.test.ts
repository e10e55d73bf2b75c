import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { BlobStore } from '../../../src/core/blobs/blob-store.ts';
import { openCacheDb, type CacheDb } from '../../../src/core/cache/database.ts';
import { ServerClient, type ServerAuth } from '../../../src/core/server-client.ts';
import { HostFailure } from '../../../src/host/host-failure.ts';
import { sha256Of, startContentFixture } from '../../support/content-fixture.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
const good = new TextEncoder().encode('<h1>Dərs</h1>'.repeat(500));
const goodSha = sha256Of(good);
const liedSha = sha256Of(new TextEncoder().encode('what the catalog promised'));

let fixture: Awaited<ReturnType<typeof startContentFixture>>;
let db: CacheDb;
let cacheDir: string;
let store: BlobStore;
let auth: ServerAuth;
const client = new ServerClient({ timeoutMs: 5_000 });

beforeEach(async () => {
  // The fixture serves correct bytes for goodSha and wrong bytes (same size) for liedSha.
  fixture = await startContentFixture(new Map([[goodSha, good], [liedSha, new Uint8Array(good.length)]]));
  cacheDir = await dirs.make();
  db = await openCacheDb(cacheDir);
  store = new BlobStore(db, cacheDir);
  auth = { serverUrl: fixture.url, deviceToken: 'device', token: 'session' };
});

afterEach(async () => {
  await db.destroy();
  await fixture.close();
  await dirs.cleanup();
});

describe('BlobStore', () => {
  it('downloads, verifies and records a blob under blobs/<aa>/<sha> with no .part left', async () => {
    let reported = 0;
    await store.download(client, auth, { sha256: goodSha, size: good.length }, (n) => (reported += n));
    const blob = await store.verifiedBlob(goodSha);
    expect(blob).toEqual({ path: store.pathOf(goodSha), size: good.length });
    expect(store.pathOf(goodSha)).toContain(`/blobs/${goodSha.slice(0, 2)}/${goodSha}`);
    expect(await readFile(blob!.path)).toEqual(Buffer.from(good));
    expect(reported).toBe(good.length);
    expect(existsSync(store.partPathOf(goodSha))).toBe(false);
  });

  it('resumes a partial .part with a Range request and still verifies the whole file', async () => {
    const part = store.partPathOf(goodSha);
    await mkdir(dirname(part), { recursive: true });
    await writeFile(part, good.subarray(0, 1000));
    await store.download(client, auth, { sha256: goodSha, size: good.length }, () => {});
    expect(fixture.ranges).toEqual(['bytes=1000-']);
    expect(await readFile(store.pathOf(goodSha))).toEqual(Buffer.from(good));
  });

  it('discards a download whose bytes do not match the sha256 and never marks it verified', async () => {
    const error = await store.download(client, auth, { sha256: liedSha, size: good.length }, () => {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostFailure);
    expect((error as HostFailure).code).toBe('CONTENT_VERIFICATION_FAILED');
    expect(await store.verifiedBlob(liedSha)).toBeNull();
    expect(existsSync(store.partPathOf(liedSha))).toBe(false);
    expect(existsSync(store.pathOf(liedSha))).toBe(false);
  });

  it('reports SERVER_UNREACHABLE when the content server is gone', async () => {
    await fixture.close();
    const error = await store.download(client, auth, { sha256: goodSha, size: good.length }, () => {}).catch((e: unknown) => e);
    expect((error as HostFailure).code).toBe('SERVER_UNREACHABLE');
  });

  it('drops a verified blob whose file changed on disk (same size, new mtime) and deletes the file', async () => {
    await store.download(client, auth, { sha256: goodSha, size: good.length }, () => {});
    const path = store.pathOf(goodSha);
    await writeFile(path, new Uint8Array(good.length).fill(0x41));
    await utimes(path, new Date(), new Date(Date.now() + 5_000));
    expect(await store.verifiedBlob(goodSha)).toBeNull();
    expect(existsSync(path)).toBe(false);
  });

  it('keeps a blob whose mtime moved but whose bytes are unchanged', async () => {
    await store.download(client, auth, { sha256: goodSha, size: good.length }, () => {});
    const path = store.pathOf(goodSha);
    await utimes(path, new Date(), new Date(Date.now() + 5_000));
    expect(await store.verifiedBlob(goodSha)).toEqual({ path, size: good.length });
    // The new mtime is remembered, so the next lookup does not hash again.
    const row = await db.selectFrom('blobs').select('file_mtime_ms').where('sha256', '=', goodSha).executeTakeFirstOrThrow();
    expect(row.file_mtime_ms).toBe((await stat(path)).mtimeMs);
  });

  it('returns null for a verified blob whose file was deleted or truncated', async () => {
    await store.download(client, auth, { sha256: goodSha, size: good.length }, () => {});
    await writeFile(store.pathOf(goodSha), good.subarray(0, 10));
    expect(await store.verifiedBlob(goodSha)).toBeNull();
    expect(await store.verifiedBlob('0'.repeat(64))).toBeNull();
  });
});
