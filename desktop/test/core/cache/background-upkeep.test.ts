import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CatalogChange } from '@sinif/shared';
import { upkeepDone, upkeepInBackground } from '../../../src/core/cache/background-upkeep.ts';
import { CatalogPageWriter } from '../../../src/core/cache/catalog-page-writer.ts';
import { openCacheDb, withSqlite, type CacheDb } from '../../../src/core/cache/database.ts';
import { restoreDeferredIndexes } from '../../../src/core/cache/deferred-indexes.ts';
import { LessonStore } from '../../../src/core/cache/lesson-store.ts';
import { numberedLesson } from '../../support/numbered-lesson.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const lesson = numberedLesson;

const walBytes = (file: string) => statSync(`${file}-wal`).size;

/** A first sync of 2,000 lessons in 5 pages, up to its tidy (which starts the upkeep). */
async function bulkLoaded(): Promise<{ db: CacheDb; file: string; writer: CatalogPageWriter }> {
  const dir = await dirs.make();
  const db = await openCacheDb(dir);
  const writer = new CatalogPageWriter(db);
  await writer.startSync();
  await writer.startBulkLoad();
  for (let page = 0; page < 5; page++) {
    const changes = Array.from({ length: 400 }, (_, i): CatalogChange => ({ seq: page * 400 + i + 1, kind: 'upsert', lesson: lesson(page * 400 + i) }));
    await writer.applyPage(changes, String((page + 1) * 400));
  }
  return { db, file: join(dir, 'cache.db'), writer };
}

describe('WAL checkpoint after a bulk load', () => {
  it('copies the WAL into the database in the background after a first sync, while the cache stays usable', async () => {
    const { db, file, writer } = await bulkLoaded();
    expect(walBytes(file)).toBeGreaterThan(1024 * 1024);
    await writer.tidy();
    // The core goes on reading and writing while the checkpoint runs.
    const store = new LessonStore(db);
    await store.setPinned('l7', true);
    expect((await store.lesson('l1999'))?.title).toBe('Dərs 1999');
    await upkeepDone(file);
    // Checkpointed and truncated: what is left are the writes made after the
    // checkpoint, if it ran before them (the WAL was hundreds of pages).
    expect(walBytes(file)).toBeLessThan(16 * 1024);
    await withSqlite(db, (sqlite) => {
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(sqlite.prepare('SELECT count(*) AS n FROM lessons').get()).toEqual({ n: 2000 });
    });
    await db.destroy();
  });

  it('closing the cache waits for upkeep still running, so nothing writes to the folder after', async () => {
    const { db, file, writer } = await bulkLoaded();
    await writer.tidy();
    let settled = false;
    void upkeepDone(file).then(() => (settled = true));
    await db.destroy();
    expect(settled).toBe(true);
    // The last connection closed: SQLite folded the WAL in and removed it.
    expect(() => statSync(`${file}-wal`)).toThrow();
  });

  it('a first sync ends with the indexes browsing reads through; the lookup-by-blob index follows in the background', async () => {
    const { db, file, writer } = await bulkLoaded();
    const state = () =>
      withSqlite(db, (sqlite) => ({
        indexes: sqlite
          .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`)
          .all()
          .map((r) => r.name),
        deferred: sqlite
          .prepare<[], { name: string; table_name: string }>('SELECT name, table_name FROM deferred_indexes ORDER BY name')
          .all(),
      }));
    expect((await state()).deferred).toEqual([
      { name: 'lesson_resources_sha256', table_name: 'lesson_resources' },
      { name: 'lessons_browse_facets', table_name: 'lessons' },
      { name: 'lessons_browse_title', table_name: 'lessons' },
    ]);
    await writer.tidy();
    const atSyncEnd = await state();
    expect(atSyncEnd.indexes).toEqual(expect.arrayContaining(['lessons_browse_facets', 'lessons_browse_title']));
    expect(atSyncEnd.deferred.every((d) => d.table_name === 'lesson_resources')).toBe(true);
    // Until the upkeep has built it, a lookup by blob still answers (by scanning).
    expect(await new LessonStore(db).mediaTypeOf(lesson(1234).resources[0]!.sha256)).toBe('text/html');

    await upkeepDone(file);
    const after = await state();
    expect(after.indexes).toContain('lesson_resources_sha256');
    expect(after.deferred).toEqual([]);
    await withSqlite(db, (sqlite) => {
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      const plan = sqlite.prepare<[string], { detail: string }>('EXPLAIN QUERY PLAN SELECT media_type FROM lesson_resources WHERE sha256 = ?').all('x');
      expect(plan.map((p) => p.detail).join()).toContain('lesson_resources_sha256');
    });
    await db.destroy();
  });

  it('an index the upkeep did not get to (the app quit) is built at the next open', async () => {
    const { db, file } = await bulkLoaded();
    // The sync's own part of tidy, then the process ends before any upkeep.
    await withSqlite(db, (sqlite) => restoreDeferredIndexes(sqlite, 'beforeSyncEnds'));
    await db.destroy();
    const reopened = await openCacheDb(dirname(file));
    await withSqlite(reopened, (sqlite) => {
      expect(sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'lesson_resources_sha256'`).get()).toBeDefined();
      expect(sqlite.prepare('SELECT count(*) AS n FROM deferred_indexes').get()).toEqual({ n: 0 });
    });
    await reopened.destroy();
  });

  it('a page applied while another connection writes (the upkeep) waits for it instead of failing the sync', async () => {
    const { db, file, writer } = await bulkLoaded();
    await writer.tidy();
    await upkeepDone(file);
    // Another thread holds cache.db's write lock for 300 ms, as the upkeep does while it builds an index.
    const holder = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const db = new (require(workerData.driver))(workerData.file);
       db.exec('BEGIN IMMEDIATE');
       parentPort.postMessage('locked');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
       db.exec('COMMIT');
       db.close();`,
      { eval: true, workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file } },
    );
    await new Promise((resolve) => holder.once('message', resolve));
    await writer.startSync();
    const edits = [1, 2, 3].map((i): CatalogChange => ({ seq: 2000 + i, kind: 'upsert', lesson: lesson(i, `Yeni ${i}`) }));
    await writer.applyPage(edits, '2003');
    await new Promise((resolve) => holder.once('exit', resolve));
    expect((await new LessonStore(db).lesson('l2'))?.title).toBe('Yeni 2');
    await db.destroy();
  });

  it('the upkeep waits for a core write under way, then builds the index and checkpoints', async () => {
    const { db, file } = await bulkLoaded();
    await withSqlite(db, (sqlite) => restoreDeferredIndexes(sqlite, 'beforeSyncEnds'));
    const core = new Database(file);
    core.exec('BEGIN IMMEDIATE');
    core.prepare(`UPDATE lessons SET title = 'Held' WHERE id = 'l1'`).run();
    upkeepInBackground(file, { truncateWal: true, restoreIndexes: true });
    await new Promise((resolve) => setTimeout(resolve, 400)); // the worker starts and meets the lock
    core.exec('COMMIT');
    core.close();
    await upkeepDone(file);
    await withSqlite(db, (sqlite) => {
      expect(sqlite.prepare('SELECT count(*) AS n FROM deferred_indexes').get()).toEqual({ n: 0 });
      expect(sqlite.prepare(`SELECT 1 AS built FROM sqlite_master WHERE name = 'lesson_resources_sha256'`).get()).toEqual({ built: 1 });
    });
    expect(walBytes(file)).toBe(0);
    await db.destroy();
  });

  it('upkeep of a cache that is gone ends quietly', async () => {
    const file = join(await dirs.make(), 'missing', 'cache.db');
    upkeepInBackground(file, { truncateWal: true, restoreIndexes: true });
    await expect(upkeepDone(file)).resolves.toBeUndefined();
  });
});
