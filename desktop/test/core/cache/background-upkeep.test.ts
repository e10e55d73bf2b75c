import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CatalogChange, Lesson } from '@sinif/shared';
import { upkeepDone, upkeepInBackground } from '../../../src/core/cache/background-upkeep.ts';
import { CatalogPageWriter } from '../../../src/core/cache/catalog-page-writer.ts';
import { openCacheDb, withSqlite, type CacheDb } from '../../../src/core/cache/database.ts';
import { LessonStore } from '../../../src/core/cache/lesson-store.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

function lesson(i: number, title = `Dərs ${i}`): Lesson {
  return {
    id: `l${i}`,
    title,
    description: 'Təsvir '.repeat(20),
    subject: 'Fizika',
    grade: 5,
    language: 'az',
    updatedAt: '2026-01-01T00:00:00Z',
    resources: [{ id: 'r1', name: 'index.html', mediaType: 'text/html', size: 10, sha256: String(i).padStart(64, '0') }],
  };
}

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
    expect(walBytes(file)).toBe(0);
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
    upkeepInBackground(file, { optimizeSearch: true, truncateWal: true });
    await expect(upkeepDone(file)).resolves.toBeUndefined();
  });
});

/** The search index's segments (one row per segment leaf in FTS5's %_idx table). */
const searchSegments = (db: CacheDb) =>
  withSqlite(db, (sqlite) => sqlite.prepare<[], { n: number }>('SELECT count(DISTINCT segid) AS n FROM lesson_search_idx').get()!.n);

/** Lessons whose search row matches `match` (an FTS5 expression over folded text). */
const matches = (db: CacheDb, match: string) =>
  withSqlite(db, (sqlite) => sqlite.prepare<[string], { n: number }>('SELECT count(*) AS n FROM lesson_search WHERE lesson_search MATCH ?').get(match)!.n);

/** A catch-up: lessons `from` to `from + count - 1` get the title `title`, as two pages. */
async function catchUp(writer: CatalogPageWriter, seq: number, from: number, count: number, title: string): Promise<number> {
  await writer.startSync();
  const edits = Array.from({ length: count }, (_, i): CatalogChange => ({ seq: seq + i, kind: 'upsert', lesson: lesson(from + i, `${title} ${from + i}`) }));
  const half = Math.floor(count / 2);
  await writer.applyPage(edits.slice(0, half), String(seq + half - 1));
  await writer.applyPage(edits.slice(half), String(seq + count - 1));
  return seq + count;
}

describe('search index rewrite after a sync', () => {
  it('rewrites the segments and tombstones a catch-up left into one segment, in the background, and searches find the edits', async () => {
    const { db, file, writer } = await bulkLoaded();
    await writer.tidy();
    await upkeepDone(file);
    expect(await searchSegments(db)).toBe(1);
    await catchUp(writer, 2001, 100, 300, 'Alma');
    // Each page of the catch-up wrote a segment of its own.
    expect(await searchSegments(db)).toBeGreaterThan(1);
    await writer.tidy();
    await upkeepDone(file);
    expect(await searchSegments(db)).toBe(1);
    expect(await matches(db, 'alma')).toBe(300);
    expect(await matches(db, 'ders')).toBe(2000 - 300);
    const store = new LessonStore(db);
    expect((await store.list('alma 150')).map((l) => l.id)).toEqual(['l150']);
    // Prefix words: "Dərs 150" was l150's old title, and is the start of l1500 to l1509's.
    expect((await store.list('dərs 150')).map((l) => l.id).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `l${1500 + i}`));
    await withSqlite(db, (sqlite) => {
      // FTS5's own check of the index against itself: it throws on any damage.
      expect(() => sqlite.prepare(`INSERT INTO lesson_search (lesson_search) VALUES ('integrity-check')`).run()).not.toThrow();
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    });
    await db.destroy();
  });

  it('a sync that ends while upkeep runs gets a rewrite of its own after it', async () => {
    const { db, file, writer } = await bulkLoaded();
    await writer.tidy();
    await upkeepDone(file);
    const seq = await catchUp(writer, 2001, 0, 400, 'Alma');
    await writer.tidy();
    // The first rewrite is under way (or done); this sync's pages come after it.
    await catchUp(writer, seq, 1000, 400, 'Armud');
    await writer.tidy();
    await upkeepDone(file);
    expect(await searchSegments(db)).toBe(1);
    expect(await matches(db, 'alma')).toBe(400);
    expect(await matches(db, 'armud')).toBe(400);
    expect(await matches(db, 'ders')).toBe(2000 - 800);
    await db.destroy();
  });
});
