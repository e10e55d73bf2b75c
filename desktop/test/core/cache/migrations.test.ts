import { afterEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { openCacheDb, openRawCacheDb, withSqlite } from '../../../src/core/cache/database.ts';
import { deferCatalogIndexes, restoreDeferredIndexes } from '../../../src/core/cache/deferred-indexes.ts';
import { CacheSchemaTooNewError, migrateCache } from '../../../src/core/cache/migrate.ts';
import { searchLibrary } from '../../../src/core/library/library-search.ts';
import { ftsMatchOf } from '../../../src/core/search/search-fold.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

/** A new cache, migrated up to and including `migration`. */
async function cacheAt(migration: string): Promise<Kysely<unknown>> {
  const db = openRawCacheDb(await dirs.make()) as unknown as Kysely<unknown>;
  await migrateCache(db, migration);
  return db;
}

async function tables(db: Kysely<unknown>): Promise<string[]> {
  const rows = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`.execute(db);
  return rows.rows.map((r) => r.name);
}

describe('cache migrations', () => {
  it('0001-initial creates the enrolment, session, catalog, blob and sync tables', async () => {
    const db = await cacheAt('0001-initial');
    expect(await tables(db)).toEqual(
      expect.arrayContaining(['blobs', 'device', 'lesson_resources', 'lessons', 'session', 'sync_state']),
    );
    await db.destroy();
  });

  it('0002-blob-mtime keeps existing blob rows and marks them for re-verification (mtime NULL)', async () => {
    const dir = await dirs.make();
    const db = openRawCacheDb(dir) as unknown as Kysely<unknown>;
    await migrateCache(db, '0001-initial');
    await sql`INSERT INTO blobs (sha256, size, relative_path, verified_at) VALUES ('ab', 3, 'blobs/ab/ab', '2026-01-01T00:00:00Z')`.execute(db);
    await migrateCache(db, '0002-blob-mtime');
    const rows = await sql<{ sha256: string; size: number; file_mtime_ms: number | null }>`SELECT sha256, size, file_mtime_ms FROM blobs`.execute(db);
    expect(rows.rows).toEqual([{ sha256: 'ab', size: 3, file_mtime_ms: null }]);
    await db.destroy();
  });

  it('0003-lesson-search indexes the lessons already cached, folded, so "sekil" finds "Şəkil"', async () => {
    const db = await cacheAt('0002-blob-mtime');
    await sql`INSERT INTO lessons (id, title, description, subject, grade, language, updated_at) VALUES
      ('az-1', 'Şəkil çəkmək', 'Rəssamlıq dərsi', 'İncəsənət', 3, 'az', '2026-01-01T00:00:00Z'),
      ('ru-1', 'Дроби', 'Урок математики', 'Математика', 5, 'ru', '2026-01-01T00:00:00Z')`.execute(db);
    await migrateCache(db, '0003-lesson-search');
    const hits = await sql<{ id: string }>`SELECT l.id FROM lesson_search s JOIN lessons l ON l.search_rowid = s.rowid
      WHERE lesson_search MATCH '"sekil"'`.execute(db);
    expect(hits.rows).toEqual([{ id: 'az-1' }]);
    const linked = await sql<{ n: number }>`SELECT count(*) AS n FROM lessons WHERE search_rowid IS NOT NULL`.execute(db);
    expect(linked.rows[0]?.n).toBe(2);
    await db.destroy();
  });

  it('0004-lesson-pins adds an empty pin table and keeps lessons and blobs', async () => {
    const db = await cacheAt('0003-lesson-search');
    await sql`INSERT INTO blobs (sha256, size, relative_path, verified_at) VALUES ('ab', 3, 'blobs/ab/ab', '2026-01-01T00:00:00Z')`.execute(db);
    await migrateCache(db, '0004-lesson-pins');
    expect(await tables(db)).toContain('lesson_pins');
    expect((await sql<{ n: number }>`SELECT count(*) AS n FROM lesson_pins`.execute(db)).rows[0]?.n).toBe(0);
    expect((await sql<{ n: number }>`SELECT count(*) AS n FROM blobs`.execute(db)).rows[0]?.n).toBe(1);
    await db.destroy();
  });

  it('0006-deferred-indexes: indexes dropped by a bulk load that was killed are built again at the next open', async () => {
    const dir = await dirs.make();
    const cache = await openCacheDb(dir);
    const indexNames = async () =>
      withSqlite(cache, (q) => q.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`).all().map((r) => r.name));
    const before = await indexNames();
    expect(before).toContain('lesson_resources_sha256');
    const dropped = await withSqlite(cache, (q) => deferCatalogIndexes(q));
    expect(dropped).toBeGreaterThan(0);
    expect(await indexNames()).not.toContain('lesson_resources_sha256');
    expect(await indexNames()).toContain('lessons_search_rowid'); // unique: the apply relies on it, never deferred
    await cache.destroy(); // the process dies before its tidy
    const reopened = await openCacheDb(dir);
    const after = await withSqlite(reopened, (q) => ({
      names: q.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`).all().map((r) => r.name),
      pending: q.prepare('SELECT count(*) AS n FROM deferred_indexes').get() as { n: number },
    }));
    expect(after.names).toEqual(before);
    expect(after.pending.n).toBe(0);
    await reopened.destroy();
  });

  it('0008-search-tokenizer rebuilds the search index, keeping each lesson findable by its folded words', async () => {
    const db = await cacheAt('0007-library-browse');
    await sql`INSERT INTO lessons (id, title, description, subject, grade, language, updated_at, search_rowid) VALUES
      ('az-1', 'Şəkil çəkmək', 'Rəssamlıq dərsi', 'İncəsənət', 3, 'az', '2026-01-01T00:00:00Z', 41)`.execute(db);
    await sql`INSERT INTO lesson_search (rowid, title, subject, description) VALUES (41, 'sekil cekmek', 'incesenet', 'ressamliq dersi')`.execute(db);
    await migrateCache(db, '0008-search-tokenizer');
    const hits = await sql<{ id: string }>`SELECT l.id FROM lesson_search s JOIN lessons l ON l.search_rowid = s.rowid
      WHERE lesson_search MATCH '"sekil"* "res"*'`.execute(db);
    expect(hits.rows).toEqual([{ id: 'az-1' }]);
    const definition = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'lesson_search'`.execute(db);
    expect(definition.rows[0]?.sql).toContain('remove_diacritics 0');
    await db.destroy();
  });

  it('0009-search-detail-column rebuilds the search index without positions; every lesson stays findable, in its title too', async () => {
    const db = await cacheAt('0008-search-tokenizer');
    await sql`INSERT INTO lessons (id, title, description, subject, grade, language, updated_at, search_rowid) VALUES
      ('az-1', 'Şəkil çəkmək', 'Rəssamlıq dərsi', 'İncəsənət', 3, 'az', '2026-01-01T00:00:00Z', 41),
      ('ru-1', 'Дроби', 'Урок о дробях', 'Математика', 5, 'ru', '2026-01-01T00:00:00Z', 7)`.execute(db);
    await sql`INSERT INTO lesson_search (rowid, title, subject, description) VALUES
      (41, 'sekil cekmek', 'incesenet', 'ressamliq dersi'), (7, 'дроби', 'математика', 'урок о дробях')`.execute(db);
    // Enough lessons for the rebuild to take several pages.
    await sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
      INSERT INTO lessons (id, title, description, subject, grade, language, updated_at, search_rowid)
      SELECT 'en-' || i, 'Fractions ' || i, 'Lesson', 'Mathematics', 5, 'en', '2026-01-01T00:00:00Z', 100 + i FROM n`.execute(db);
    await migrateCache(db, '0009-search-detail-column');
    const fractions = await sql<{ n: number }>`SELECT count(*) AS n FROM lesson_search WHERE lesson_search MATCH '{title} : "fraction"*'`.execute(db);
    expect(fractions.rows[0]?.n).toBe(2500);
    const find = async (match: string) =>
      (await sql<{ id: string }>`SELECT l.id FROM lesson_search s JOIN lessons l ON l.search_rowid = s.rowid
        WHERE lesson_search MATCH ${match} ORDER BY l.id`.execute(db)).rows.map((r) => r.id);
    expect(await find('"sekil"* "res"*')).toEqual(['az-1']);
    expect(await find('{title} : ("дроб"*)')).toEqual(['ru-1']);
    expect(await find('{title} : ("урок"*)')).toEqual([]);
    const definition = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'lesson_search'`.execute(db);
    expect(definition.rows[0]?.sql).toMatch(/detail = column/);
    await db.destroy();
  });

  it('0010-search-ascii-tokenizer rebuilds the search index with the ascii tokenizer; lessons stay findable, by words after non-ASCII breaks too', async () => {
    const db = await cacheAt('0009-search-detail-column');
    await sql`INSERT INTO lessons (id, title, description, subject, grade, language, updated_at, search_rowid) VALUES
      ('az-1', '«Şəkil»—rəsm', 'Rəssamlıq dərsi', 'İncəsənət', 3, 'az', '2026-01-01T00:00:00Z', 41),
      ('hy-1', 'Ի՞նչ է Երևանը։', 'Պատմություն', 'Պատմություն', 5, 'hy', '2026-01-01T00:00:00Z', 7),
      ('no-search', 'Unindexed', '', 'Art', 1, 'en', '2026-01-01T00:00:00Z', NULL)`.execute(db);
    await sql`INSERT INTO lesson_search (rowid, title, subject, description) VALUES
      (41, '«sekil»—resm', 'incesenet', 'ressamliq dersi'), (7, 'ի՞նչ է երեւանը։', 'պատմություն', 'պատմություն')`.execute(db);
    await migrateCache(db, '0010-search-ascii-tokenizer');
    const find = async (match: string) =>
      (await sql<{ id: string }>`SELECT l.id FROM lesson_search s JOIN lessons l ON l.search_rowid = s.rowid
        WHERE lesson_search MATCH ${match} ORDER BY l.id`.execute(db)).rows.map((r) => r.id);
    expect(await find('{title} : ("resm"*)')).toEqual(['az-1']);
    expect(await find('{title} : ("sekil"*)')).toEqual(['az-1']);
    expect(await find('"incesenet"* "ressam"*')).toEqual(['az-1']);
    expect(await find('{title} : ("երեւան"*)')).toEqual(['hy-1']);
    expect(await find('{title} : ("նչ"*)')).toEqual(['hy-1']);
    const rows = await sql<{ n: number }>`SELECT count(*) AS n FROM lesson_search`.execute(db);
    expect(rows.rows[0]?.n).toBe(2);
    const definition = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'lesson_search'`.execute(db);
    expect(definition.rows[0]?.sql).toMatch(/tokenize = 'ascii'/);
    expect(definition.rows[0]?.sql).toMatch(/detail = column/);
    await db.destroy();
  });

  it('0011-lesson-resources-digest adds the digest column, unknown (NULL) for the lessons already cached', async () => {
    const db = await cacheAt('0010-search-ascii-tokenizer');
    await sql`INSERT INTO lessons (id, title, description, subject, grade, language, updated_at, search_rowid) VALUES
      ('az-1', 'Şəkil', '', 'İncəsənət', 3, 'az', '2026-01-01T00:00:00Z', 1)`.execute(db);
    await migrateCache(db, '0011-lesson-resources-digest');
    const rows = await sql<{ id: string; resources_digest: number | null }>`SELECT id, resources_digest FROM lessons`.execute(db);
    expect(rows.rows).toEqual([{ id: 'az-1', resources_digest: null }]);
    await db.destroy();
  });

  it('0012-search-index-file moves the search index to search.db: lessons cached before are found after the next open', async () => {
    const dir = await dirs.make();
    const raw = openRawCacheDb(dir) as unknown as Kysely<unknown>;
    await migrateCache(raw, '0011-lesson-resources-digest');
    await sql`INSERT INTO lessons (id, title, description, subject, grade, language, updated_at, search_rowid) VALUES
      ('az-1', 'Şəkil çəkmək', 'Rəssamlıq', 'İncəsənət', 3, 'az', '2026-01-01T00:00:00Z', 1),
      ('no-search', 'Unindexed', '', 'Art', 1, 'en', '2026-01-01T00:00:00Z', NULL)`.execute(raw);
    await sql`INSERT INTO main.lesson_search (rowid, title, subject, description) VALUES (1, 'sekil cekmek', 'incesenet', 'ressamliq')`.execute(raw);
    await migrateCache(raw, '0012-search-index-file');
    const inMain = await sql<{ name: string }>`SELECT name FROM main.sqlite_master WHERE name LIKE 'lesson_search%'`.execute(raw);
    expect(inMain.rows).toEqual([]);
    await raw.destroy();
    const db = await openCacheDb(dir);
    const search = (words: string) => searchLibrary(db, ftsMatchOf(words)!, {}, { limit: 10, offset: 0 });
    expect((await search('sekil')).map((l) => l.id)).toEqual(['az-1']);
    expect((await search('ressam')).map((l) => l.id)).toEqual(['az-1']);
    await db.destroy();
  });

  it('0013-deferred-index-table: an index deferred before it (table not known) is still built before a sync ends', async () => {
    const raw = openRawCacheDb(await dirs.make());
    await migrateCache(raw as unknown as Kysely<unknown>, '0012-search-index-file');
    await withSqlite(raw, (sqlite) => {
      const createSql = (sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = 'lesson_resources_sha256'`).get() as { sql: string }).sql;
      sqlite.prepare('INSERT INTO deferred_indexes (name, create_sql) VALUES (?, ?)').run('lesson_resources_sha256', createSql);
      sqlite.exec('DROP INDEX lesson_resources_sha256');
    });
    await migrateCache(raw as unknown as Kysely<unknown>, '0013-deferred-index-table');
    await withSqlite(raw, (sqlite) => {
      expect(sqlite.prepare('SELECT name, table_name FROM deferred_indexes').all()).toEqual([{ name: 'lesson_resources_sha256', table_name: null }]);
      expect(restoreDeferredIndexes(sqlite, 'beforeSyncEnds')).toBe(1);
      expect(sqlite.prepare(`SELECT 1 AS built FROM sqlite_master WHERE name = 'lesson_resources_sha256'`).get()).toEqual({ built: 1 });
    });
    await raw.destroy();
  });

  it('refuses a cache written by a newer app version with CacheSchemaTooNewError', async () => {
    const dir = await dirs.make();
    const db = await openCacheDb(dir);
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999-from-the-future', '2030-01-01T00:00:00Z')`.execute(db);
    await db.destroy();
    const error = await openCacheDb(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CacheSchemaTooNewError);
    expect((error as CacheSchemaTooNewError).code).toBe('CACHE_SCHEMA_TOO_NEW');
  });

  it('opens an up-to-date cache again without changes', async () => {
    const dir = await dirs.make();
    await (await openCacheDb(dir)).destroy();
    const db = await openCacheDb(dir);
    const names = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
    expect(names.rows.map((r) => r.name)).toEqual(['0001-initial', '0002-blob-mtime', '0003-lesson-search', '0004-lesson-pins', '0005-device-settings', '0006-deferred-indexes', '0007-library-browse', '0008-search-tokenizer', '0009-search-detail-column', '0010-search-ascii-tokenizer', '0011-lesson-resources-digest', '0012-search-index-file', '0013-deferred-index-table']);
    await db.destroy();
  });
});
