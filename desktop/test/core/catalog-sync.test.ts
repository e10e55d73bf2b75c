import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeLessons } from '../../../server/src/catalog/catalog-writer.ts';
import { openCacheDb } from '../../src/core/cache/database.ts';
import { SyncStateStore } from '../../src/core/cache/sync-state-store.ts';
import { syncCatalog } from '../../src/core/catalog-sync.ts';
import { ServerClient, type ServerAuth } from '../../src/core/server-client.ts';
import { demoStudentPc, startDemoServer } from '../support/demo-server.ts';
import { tempDirs } from '../support/temp-dir.ts';

const dirs = tempDirs();
const serverDirs = tempDirs();
let server: Awaited<ReturnType<typeof startDemoServer>>;
let auth: ServerAuth;
const client = new ServerClient({ timeoutMs: 5_000 });

beforeAll(async () => {
  server = await startDemoServer(await serverDirs.make('sinif-server-'));
  auth = await demoStudentPc(server, client, 'PC-sync');
});

afterAll(async () => {
  await server?.close();
  await serverDirs.cleanup();
});
afterEach(() => dirs.cleanup());

async function lessonIds(db: Awaited<ReturnType<typeof openCacheDb>>): Promise<string[]> {
  return (await db.selectFrom('lessons').select('id').orderBy('id').execute()).map((r) => r.id);
}

describe('syncCatalog', () => {
  it('commits each page with its cursor, so a sync cut off after page 1 resumes from the stored cursor', async () => {
    const full = await openCacheDb(await dirs.make());
    const fullPages = await syncCatalog(full, client, auth, { pageSize: 2 });
    const everyLesson = await lessonIds(full);
    await full.destroy();
    expect(fullPages).toBeGreaterThan(2);

    const db = await openCacheDb(await dirs.make());
    const stop = new AbortController();
    const interrupted = await syncCatalog(db, client, auth, { pageSize: 2, signal: stop.signal, onPage: () => stop.abort() }).catch((e: unknown) => e);
    expect((interrupted as Error).name).toBe('AbortError');
    const cursorAfterPage1 = await new SyncStateStore(db).cursor();
    expect(cursorAfterPage1).not.toBeNull();
    expect((await lessonIds(db)).length).toBeLessThanOrEqual(2);

    // The resumed run fetches only what page 1 did not cover.
    const resumedPages = await syncCatalog(db, client, auth, { pageSize: 2 });
    expect(resumedPages).toBe(fullPages - 1);
    expect(await lessonIds(db)).toEqual(everyLesson);
    expect(Number(await new SyncStateStore(db).cursor())).toBeGreaterThan(Number(cursorAfterPage1));
    await db.destroy();
  });

  it('a second sync with nothing new fetches one page and changes nothing', async () => {
    const db = await openCacheDb(await dirs.make());
    await syncCatalog(db, client, auth, { pageSize: 100 });
    const before = await lessonIds(db);
    expect(await syncCatalog(db, client, auth, { pageSize: 100 })).toBe(1);
    expect(await lessonIds(db)).toEqual(before);
    await db.destroy();
  });

  it('writes the first 250 changes of a sync on their own and doubles each next page, so the next page is fetched while one is written', async () => {
    const db = await openCacheDb(await dirs.make());
    await syncCatalog(db, client, auth, { pageSize: 1000 });
    const before = (await lessonIds(db)).length;
    const added = Array.from({ length: 1200 }, (_, i) => ({
      id: `catch-up-${String(i).padStart(4, '0')}`, title: `Dərs ${i}`, description: '', subject: 'Fizika', grade: 7, language: 'az' as const, resources: [],
    }));
    await server.app.store.transaction().execute((trx) => writeLessons(trx, added));

    const stop = new AbortController();
    const cut = await syncCatalog(db, client, auth, { pageSize: 1000, signal: stop.signal, onPage: () => stop.abort() }).catch((e: unknown) => e);
    expect((cut as Error).name).toBe('AbortError');
    expect((await lessonIds(db)).length).toBe(before + 250);
    // The next sync starts at 250 again, then 500: two pages take 750, and the last 200 fit in one page.
    const again = new AbortController();
    const cutAgain = await syncCatalog(db, client, auth, {
      pageSize: 1000, signal: again.signal, onPage: (pages) => pages === 2 && again.abort(),
    }).catch((e: unknown) => e);
    expect((cutAgain as Error).name).toBe('AbortError');
    expect((await lessonIds(db)).length).toBe(before + 1000);
    expect(await syncCatalog(db, client, auth, { pageSize: 1000 })).toBe(1);
    expect((await lessonIds(db)).length).toBe(before + 1200);
    await db.destroy();
  });
});
