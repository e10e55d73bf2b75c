import { copyFileSync, cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { CatalogChange, Lesson } from '@sinif/shared';
import { CatalogPageWriter } from '../../../src/core/cache/catalog-page-writer.ts';
import { openCacheDb, openRawCacheDb, searchIndexIdle, withSqlite, type CacheDb } from '../../../src/core/cache/database.ts';
import { LessonStore } from '../../../src/core/cache/lesson-store.ts';
import { migrateCache } from '../../../src/core/cache/migrate.ts';
import { SearchIndexer } from '../../../src/core/search/search-indexer.ts';
import { numberedLesson } from '../../support/numbered-lesson.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const lesson = numberedLesson;

/** A first sync of 2,000 lessons in 5 pages, with its tidy. */
async function bulkLoad(writer: CatalogPageWriter): Promise<void> {
  await writer.startSync();
  await writer.startBulkLoad();
  for (let page = 0; page < 5; page++) {
    const changes = Array.from({ length: 400 }, (_, i): CatalogChange => ({ seq: page * 400 + i + 1, kind: 'upsert', lesson: lesson(page * 400 + i) }));
    await writer.applyPage(changes, String((page + 1) * 400));
  }
  await writer.tidy();
}

/** A catch-up: lessons `from` to `from + count - 1` get the title `title`, as two pages. */
async function catchUp(writer: CatalogPageWriter, seq: number, from: number, count: number, title: string): Promise<number> {
  await writer.startSync();
  const edits = Array.from({ length: count }, (_, i): CatalogChange => ({ seq: seq + i, kind: 'upsert', lesson: lesson(from + i, `${title} ${from + i}`) }));
  const half = Math.floor(count / 2);
  await writer.applyPage(edits.slice(0, half), String(seq + half - 1));
  await writer.applyPage(edits.slice(half), String(seq + count - 1));
  return seq + count;
}

/** The search index's segments (one row per segment leaf in FTS5's %_idx table). */
const searchSegments = (db: CacheDb) =>
  withSqlite(db, (sqlite) => sqlite.prepare<[], { n: number }>('SELECT count(DISTINCT segid) AS n FROM search.lesson_search_idx').get()!.n);

/** Lessons whose search row matches `match` (an FTS5 expression over folded text), as the index holds them now. */
const matches = (db: CacheDb, match: string) =>
  withSqlite(db, (sqlite) => sqlite.prepare<[string], { n: number }>('SELECT count(*) AS n FROM search.lesson_search WHERE lesson_search MATCH ?').get(match)!.n);

const indexChecks = (db: CacheDb) =>
  withSqlite(db, (sqlite) => {
    // FTS5's own check of the index against itself: it throws on any damage.
    expect(() => sqlite.prepare(`INSERT INTO search.lesson_search (lesson_search) VALUES ('integrity-check')`).run()).not.toThrow();
    expect(sqlite.pragma('search.integrity_check', { simple: true })).toBe('ok');
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

describe('search indexer', () => {
  it('ends a sync with its lessons searchable, then rewrites the index into one segment in the background', async () => {
    const db = await openCacheDb(await dirs.make());
    const writer = new CatalogPageWriter(db);
    await bulkLoad(writer);
    // tidy waited for the indexer: no waiting on the search side here.
    expect(await matches(db, 'ders')).toBe(2000);
    await catchUp(writer, 2001, 100, 300, 'Alma');
    await writer.tidy();
    expect(await matches(db, 'alma')).toBe(300);
    expect(await matches(db, 'ders')).toBe(2000 - 300);
    await searchIndexIdle(db);
    expect(await searchSegments(db)).toBe(1);
    const store = new LessonStore(db);
    expect((await store.list('alma 150')).map((l) => l.id)).toEqual(['l150']);
    // Prefix words: "Dərs 150" was l150's old title, and is the start of l1500 to l1509's.
    expect((await store.list('dərs 150')).map((l) => l.id).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `l${1500 + i}`));
    await indexChecks(db);
    await db.destroy();
  });

  it('a sync that ends while the rewrite runs is indexed and rewritten after it', async () => {
    const db = await openCacheDb(await dirs.make());
    const writer = new CatalogPageWriter(db);
    await bulkLoad(writer);
    const seq = await catchUp(writer, 2001, 0, 400, 'Alma');
    await writer.tidy();
    // The first rewrite is under way (or done); this sync's pages come after it.
    await catchUp(writer, seq, 1000, 400, 'Armud');
    await writer.tidy();
    await searchIndexIdle(db);
    expect(await searchSegments(db)).toBe(1);
    expect(await matches(db, 'alma')).toBe(400);
    expect(await matches(db, 'armud')).toBe(400);
    expect(await matches(db, 'ders')).toBe(2000 - 800);
    await db.destroy();
  });

  it('indexes at the next open what was committed but never indexed (the app killed in between)', async () => {
    const dir = await dirs.make();
    // A cache without an indexer: pages commit and their changes stay in the log, as after a kill.
    const raw = openRawCacheDb(dir);
    await migrateCache(raw as unknown as Kysely<unknown>);
    const unindexed = new CatalogPageWriter(raw);
    await unindexed.applyPage([{ seq: 1, kind: 'upsert', lesson: lesson(1, 'Alma') }, { seq: 2, kind: 'upsert', lesson: lesson(2, 'Armud') }], '2');
    await unindexed.applyPage([{ seq: 3, kind: 'upsert', lesson: lesson(1, 'Heyva') }, { seq: 4, kind: 'delete', lessonId: 'l2' }], '4');
    await raw.destroy();
    const db = await openCacheDb(dir);
    const store = new LessonStore(db);
    expect((await store.list('heyva')).map((l) => l.id)).toEqual(['l1']);
    expect(await store.list('alma')).toEqual([]);
    expect(await store.list('armud')).toEqual([]);
    await indexChecks(db);
    await db.destroy();
  });

  it('builds the index again when search.db is lost or belongs to another cache', async () => {
    const dir = await dirs.make();
    const other = await dirs.make();
    for (const [where, title] of [[dir, 'Alma'], [other, 'Armud']] as const) {
      const db = await openCacheDb(where);
      const writer = new CatalogPageWriter(db);
      await writer.applyPage([{ seq: 1, kind: 'upsert', lesson: lesson(1, title) }], '1');
      await writer.tidy();
      await db.destroy();
    }
    const found = async (search: string) => {
      const db = await openCacheDb(dir);
      try {
        return (await new LessonStore(db).list(search)).map((l) => l.id);
      } finally {
        await db.destroy();
      }
    };
    expect(await found('alma')).toEqual(['l1']);
    rmSync(join(dir, 'search.db'));
    expect(await found('alma')).toEqual(['l1']);
    // Another PC's (or an older copy's) search.db: its rows are not this cache's.
    copyFileSync(join(other, 'search.db'), join(dir, 'search.db'));
    expect(await found('armud')).toEqual([]);
    expect(await found('alma')).toEqual(['l1']);
  });

  it('fails the sync when the index cannot be written, and searches still answer from what it holds', async () => {
    const dir = await dirs.make();
    const db = await openCacheDb(dir);
    const writer = new CatalogPageWriter(db);
    await writer.applyPage([{ seq: 1, kind: 'upsert', lesson: lesson(1, 'Alma') }], '1');
    await writer.tidy();
    // Damage search.db from outside: the indexer's next write fails.
    const outside = new Database(join(dir, 'search.db'));
    outside.exec('DROP TABLE search_state');
    outside.close();
    await writer.applyPage([{ seq: 2, kind: 'upsert', lesson: lesson(2, 'Armud') }], '2');
    await expect(writer.tidy()).rejects.toThrow(/search index/);
    const store = new LessonStore(db);
    expect((await store.list('alma')).map((l) => l.id)).toEqual(['l1']);
    // The lessons themselves are committed and listed.
    expect((await store.list()).map((l) => l.id)).toEqual(['l1', 'l2']);
    await db.destroy();
  });

  /** Copies the files of `name` (the database, its -wal and -shm) from `from` to `to`, replacing what `to` had. */
  function copyDatabase(name: string, from: string, to: string): void {
    for (const file of readdirSync(to)) if (file.startsWith(name)) rmSync(join(to, file));
    for (const file of readdirSync(from)) if (file.startsWith(name)) cpSync(join(from, file), join(to, file));
  }

  /** Applies one page of upserts to the cache in `dir` and closes it. */
  async function synced(dir: string, seq: number, lessons: Lesson[]): Promise<void> {
    const db = await openCacheDb(dir);
    const writer = new CatalogPageWriter(db);
    await writer.applyPage(lessons.map((l, i): CatalogChange => ({ seq: seq + i, kind: 'upsert', lesson: l })), String(seq + lessons.length - 1));
    await writer.tidy();
    await db.destroy();
  }

  const searchIn = async (dir: string, ...searches: string[]) => {
    const db = await openCacheDb(dir);
    try {
      const store = new LessonStore(db);
      return await Promise.all(searches.map(async (search) => (await store.list(search)).map((l) => l.id)));
    } finally {
      await db.destroy();
    }
  };

  it('builds the index again when a power cut took cache.db\'s last commits but not search.db\'s', async () => {
    const dir = await dirs.make();
    const before = await dirs.make();
    await synced(dir, 1, [lesson(1, 'Alma')]);
    copyDatabase('cache.db', dir, before);
    await synced(dir, 2, [lesson(2, 'Armud')]);
    // cache.db as the disk kept it: without l2; the sync that follows gives l2 another title.
    copyDatabase('cache.db', before, dir);
    await synced(dir, 2, [lesson(2, 'Qarpiz')]);
    expect(await searchIn(dir, 'qarpiz', 'armud', 'alma')).toEqual([['l2'], [], ['l1']]);
  });

  it('builds the index again when a power cut took search.db\'s last commits after cache.db let go of their log', async () => {
    const dir = await dirs.make();
    const before = await dirs.make();
    await synced(dir, 1, [lesson(1, 'Alma')]);
    copyDatabase('search.db', dir, before);
    await synced(dir, 2, [lesson(2, 'Armud')]);
    await synced(dir, 3, [lesson(3, 'Heyva')]); // this page drops l2's log entry: search.db had it
    copyDatabase('search.db', before, dir);
    expect(await searchIn(dir, 'alma', 'armud', 'heyva')).toEqual([['l1'], ['l2'], ['l3']]);
  });

  it('starts search.db anew when it is damaged, and the library opens as usual', async () => {
    const dir = await dirs.make();
    await synced(dir, 1, [lesson(1, 'Alma')]);
    for (const file of readdirSync(dir)) if (file.startsWith('search.db')) rmSync(join(dir, file));
    writeFileSync(join(dir, 'search.db'), Buffer.alloc(8192, 7));
    expect(await searchIn(dir, 'alma')).toEqual([['l1']]);
  });

  it('goes on with a new worker when one dies, without losing the pages sent to the next', async () => {
    const dir = await dirs.make();
    await (await openCacheDb(dir)).destroy(); // a migrated cache and its bound search.db
    const failOnce = join(dir, 'failed-once');
    const start = { cacheFile: join(dir, 'cache.db'), searchFile: join(dir, 'search.db'), failOnce };
    const indexer = new SearchIndexer(start, new URL('../../support/failing-search-worker.ts', import.meta.url), 0, 0);
    // Log positions 1 and 2 as a page each would, in cache.db, so a catch-up finds them too.
    const cache = new Database(start.cacheFile);
    const log = (rowid: number) => Number(cache.prepare('INSERT INTO search_log (search_rowid) VALUES (?)').run(rowid).lastInsertRowid);
    const row = (rowid: number, title: string) => ({ rowid, title, subject: 'Fizika', description: '' });
    const first = log(1);
    indexer.logged(first, { from: first, to: first, rows: [row(1, 'Alma')] });
    await expect(indexer.current()).rejects.toThrow(/failed at start/);
    const second = log(2);
    indexer.logged(second, { from: second, to: second, rows: [row(2, 'Armud')] });
    await indexer.current();
    expect(indexer.applied).toBe(second);
    cache.close();
    await indexer.close();
  });
});

