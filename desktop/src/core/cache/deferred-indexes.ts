import type Database from 'better-sqlite3';

/**
 * Bulk-load order for the catalog tables. Secondary indexes with random keys
 * (blob hashes, titles) make every page of a first sync rewrite leaf pages
 * all over them: measured on 100k lessons, the WAL grew five-fold and the
 * sync took twice as long. A sync of many pages therefore drops them and
 * builds each again in one sorted pass when it ends.
 *
 * Which indexes: every index created by a migration (origin 'c') on the
 * catalog tables that is not UNIQUE — a unique one is a rule the apply
 * relies on, not a lookup aid. A migration adding an index later is covered
 * without a change here.
 */
const CATALOG_TABLES = ['lessons', 'lesson_resources'] as const;

/**
 * Tables whose deferred indexes a sync builds before it ends: the library
 * browser lists and counts lessons through them (a page of the library took
 * 300–800 ms without). Those on lesson_resources serve lookups by blob (a
 * lesson file's media type, which blobs a pin keeps): the background upkeep
 * builds them right after the sync, on a connection in a worker thread
 * (background-upkeep.ts), which took ~0.15 s off the end of a 100k-lesson
 * first sync. Until then (~0.2 s for 100k lessons) a lookup by blob scans
 * the table; evicting files, once per file.
 */
const BUILT_BEFORE_SYNC_ENDS: readonly string[] = ['lessons'];

/**
 * The steps of building a deferred index, as SQL, for restoreDeferredIndexes
 * and for the upkeep worker, which runs them on its own connection (its
 * source is a string: background-upkeep.ts says why).
 */
export const DEFERRED_INDEX_SQL = {
  all: 'SELECT name, create_sql FROM deferred_indexes',
  beforeSyncEnds: `SELECT name, create_sql FROM deferred_indexes
    WHERE table_name IS NULL OR table_name IN (${BUILT_BEFORE_SYNC_ENDS.map((t) => `'${t}'`).join(', ')})`,
  exists: `SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?`,
  forget: 'DELETE FROM deferred_indexes WHERE name = ?',
} as const;

interface IndexListRow {
  name: string;
  unique: number;
  origin: string;
}

/**
 * Drops the catalog's secondary indexes, remembering how to build them;
 * returns how many. IMMEDIATE: it reads before it writes, and would be
 * refused at once if the upkeep were writing (see catalog-page-writer.ts,
 * apply). It takes search.db's lock too; once per first sync, that wait is short.
 */
export function deferCatalogIndexes(sqlite: Database.Database): number {
  const remember = sqlite.prepare<[string, string, string]>('INSERT OR IGNORE INTO deferred_indexes (name, create_sql, table_name) VALUES (?, ?, ?)');
  const createSql = sqlite.prepare<[string], { sql: string }>(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`);
  return sqlite.transaction(() => {
    let dropped = 0;
    for (const table of CATALOG_TABLES) {
      const indexes = sqlite.pragma(`index_list(${table})`) as IndexListRow[];
      for (const index of indexes.filter((i) => i.origin === 'c' && i.unique === 0)) {
        const sql = createSql.get(index.name)?.sql;
        if (!sql) continue;
        remember.run(index.name, sql, table);
        sqlite.exec(`DROP INDEX "${index.name.replaceAll('"', '""')}"`);
        dropped += 1;
      }
    }
    return dropped;
  }).immediate();
}

/**
 * Builds the deferred indexes again: every one (at open, after a crash), or
 * those a sync builds before it ends (BUILT_BEFORE_SYNC_ENDS). Returns how many.
 */
export function restoreDeferredIndexes(sqlite: Database.Database, which: 'all' | 'beforeSyncEnds' = 'all'): number {
  const pending = sqlite.prepare<[], { name: string; create_sql: string }>(DEFERRED_INDEX_SQL[which]).all();
  const exists = sqlite.prepare<[string]>(DEFERRED_INDEX_SQL.exists);
  const forget = sqlite.prepare<[string]>(DEFERRED_INDEX_SQL.forget);
  for (const index of pending) {
    // Forgotten first: a write, so the transaction waits for another
    // writer rather than failing (see catalog-page-writer.ts, apply).
    sqlite.transaction(() => {
      forget.run(index.name);
      if (!exists.get(index.name)) sqlite.exec(index.create_sql);
    })();
  }
  return pending.length;
}

/** Whether any index is still deferred (left to the background upkeep). */
export function hasDeferredIndexes(sqlite: Database.Database): boolean {
  return sqlite.prepare('SELECT 1 FROM deferred_indexes LIMIT 1').get() !== undefined;
}
