/** Lowering the quota (settings.set) evicts at once, least recently used first, never a pinned lesson's file. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { BlobStore } from '../../../src/core/blobs/blob-store.ts';
import { openCacheDb, type CacheDb } from '../../../src/core/cache/database.ts';
import { ServerClient, type ServerAuth } from '../../../src/core/server-client.ts';
import { sha256Of, startContentFixture } from '../../support/content-fixture.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
const client = new ServerClient({ timeoutMs: 5_000 });
const SIZE = 1000;
const [A, B, C] = ['a', 'b', 'c'].map((fill) => new Uint8Array(SIZE).fill(fill.charCodeAt(0)));
const blob = (bytes: Uint8Array) => ({ sha256: sha256Of(bytes), size: SIZE });

let fixture: Awaited<ReturnType<typeof startContentFixture>>;
let db: CacheDb;
let cacheDir: string;
let auth: ServerAuth;

beforeEach(async () => {
  fixture = await startContentFixture(new Map([A!, B!, C!].map((bytes) => [sha256Of(bytes), bytes])));
  cacheDir = await dirs.make();
  db = await openCacheDb(cacheDir);
  auth = { serverUrl: fixture.url, deviceToken: 'device', token: 'session' };
});
afterEach(async () => {
  await db.destroy();
  await fixture.close();
  await dirs.cleanup();
});

describe('BlobQuota.trim after a lower quota', () => {
  it('evicts the least recently used unpinned files until the cache fits', async () => {
    const store = new BlobStore(db, cacheDir, { quotaBytes: 10 * SIZE, minFreeDiskBytes: 0 });
    for (const bytes of [A!, B!, C!]) await store.download(client, auth, blob(bytes), () => {});
    await db.insertInto('lessons').values({ id: 'pinned', title: 't', description: '', subject: 's', grade: 1, language: 'en', updated_at: 'x', search_rowid: null }).execute();
    await db.insertInto('lesson_resources').values({ lesson_id: 'pinned', position: 0, id: 'r', name: 'n', media_type: 'text/plain', size: SIZE, sha256: sha256Of(A!) }).execute();
    await db.insertInto('lesson_pins').values({ lesson_id: 'pinned', pinned_at: 'x' }).execute();
    await db.updateTable('blobs').set({ last_used_at: '2026-01-02T00:00:00Z' }).where('sha256', '=', sha256Of(B!)).execute();
    await db.updateTable('blobs').set({ last_used_at: '2026-01-01T00:00:00Z' }).where('sha256', '=', sha256Of(C!)).execute();

    store.quota.setQuotaBytes(2 * SIZE);
    await store.quota.trim();

    const left = (await db.selectFrom('blobs').select('sha256').execute()).map((r) => r.sha256).sort();
    expect(left).toEqual([sha256Of(A!), sha256Of(B!)].sort());
    expect(existsSync(store.pathOf(sha256Of(C!)))).toBe(false);
  });
});
