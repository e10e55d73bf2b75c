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

interface IndexListRow {
  name: string;
  unique: number;
  origin: string;
}

/** Drops the catalog's secondary indexes, remembering how to build them; returns how many. */
export function deferCatalogIndexes(sqlite: Database.Database): number {
  const remember = sqlite.prepare<[string, string]>('INSERT OR IGNORE INTO deferred_indexes (name, create_sql) VALUES (?, ?)');
  const createSql = sqlite.prepare<[string], { sql: string }>(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`);
  return sqlite.transaction(() => {
    let dropped = 0;
    for (const table of CATALOG_TABLES) {
      const indexes = sqlite.pragma(`index_list(${table})`) as IndexListRow[];
      for (const index of indexes.filter((i) => i.origin === 'c' && i.unique === 0)) {
        const sql = createSql.get(index.name)?.sql;
        if (!sql) continue;
        remember.run(index.name, sql);
        sqlite.exec(`DROP INDEX "${index.name.replaceAll('"', '""')}"`);
        dropped += 1;
      }
    }
    return dropped;
  })();
}

/** Builds every deferred index again (after a sync, or at open after a crash). */
export function restoreDeferredIndexes(sqlite: Database.Database): number {
  const pending = sqlite.prepare<[], { name: string; create_sql: string }>('SELECT name, create_sql FROM deferred_indexes').all();
  const exists = sqlite.prepare<[string]>(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?`);
  const forget = sqlite.prepare<[string]>('DELETE FROM deferred_indexes WHERE name = ?');
  for (const index of pending) {
    sqlite.transaction(() => {
      if (!exists.get(index.name)) sqlite.exec(index.create_sql);
      forget.run(index.name);
    })();
  }
  return pending.length;
}
