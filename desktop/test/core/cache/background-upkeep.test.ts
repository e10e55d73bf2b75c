import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CatalogChange } from '@sinif/shared';
import { upkeepDone, upkeepInBackground } from '../../../src/core/cache/background-upkeep.ts';
import { CatalogPageWriter } from '../../../src/core/cache/catalog-page-writer.ts';
import { openCacheDb, withSqlite, type CacheDb } from '../../../src/core/cache/database.ts';
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

  it('upkeep of a cache that is gone ends quietly', async () => {
    const file = join(await dirs.make(), 'missing', 'cache.db');
    upkeepInBackground(file, { truncateWal: true });
    await expect(upkeepDone(file)).resolves.toBeUndefined();
  });
});
