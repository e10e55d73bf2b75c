import Database from 'better-sqlite3';
import { Kysely, SqliteDriver, type Driver } from 'kysely';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AtomicMigrationsSqliteDialect } from './atomic-migrations.ts';
import { upkeepDone } from './background-upkeep.ts';
import { migrateCache } from './migrate.ts';
import { restoreDeferredIndexes } from './deferred-indexes.ts';
import type { CacheSchema } from './schema.ts';
import { foldForSearch } from '../search/search-fold.ts';

export type CacheDb = Kysely<CacheSchema>;

const connections = new WeakMap<CacheDb, Database.Database>();

/**
 * The better-sqlite3 handle under a CacheDb, for the hot paths (catalog page
 * apply, search) where Kysely's per-query compile and async hop cost more than
 * the SQL itself. Use it only inside `withSqlite`, which holds Kysely's
 * connection lock so a raw transaction never interleaves with a Kysely one.
 */
export async function withSqlite<T>(db: CacheDb, work: (sqlite: Database.Database) => T | Promise<T>): Promise<T> {
  const sqlite = connections.get(db);
  if (!sqlite) throw new Error('not a cache database opened by openRawCacheDb');
  return db.connection().execute(async () => work(sqlite));
}

/** Closing waits for background upkeep of the file, if any runs (background-upkeep.ts). */
class CacheDriver extends SqliteDriver {
  readonly #file: string;

  constructor(sqlite: Database.Database) {
    super({ database: sqlite });
    this.#file = sqlite.name;
  }

  override async destroy(): Promise<void> {
    await upkeepDone(this.#file);
    await super.destroy();
  }
}

class CacheDialect extends AtomicMigrationsSqliteDialect {
  readonly #sqlite: Database.Database;

  constructor(sqlite: Database.Database) {
    super({ database: sqlite });
    this.#sqlite = sqlite;
  }

  override createDriver(): Driver {
    return new CacheDriver(this.#sqlite);
  }
}

/** Opens `<cacheDir>/cache.db` without migrating (tests step through migrations). */
export function openRawCacheDb(cacheDir: string): CacheDb {
  mkdirSync(cacheDir, { recursive: true });
  const sqlite = new Database(join(cacheDir, 'cache.db'));
  // WAL: readers (list/open) never wait for the sync writer.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 32 MiB page cache (default 2 MiB): a 100k-lesson catalog is ~150 MB, and
  // applying a page of edits touches index pages all over it.
  sqlite.pragma('cache_size = -32768');
  // The search index's text, for SQL that rebuilds it (migration 0010).
  sqlite.function('fold_for_search', { deterministic: true }, (text: unknown) => (text === null ? null : foldForSearch(String(text))));
  const db = new Kysely<CacheSchema>({ dialect: new CacheDialect(sqlite) });
  connections.set(db, sqlite);
  return db;
}

/** Opens and migrates the cache; throws CacheSchemaTooNewError for a newer cache. */
export async function openCacheDb(cacheDir: string): Promise<CacheDb> {
  const db = openRawCacheDb(cacheDir);
  try {
    await migrateCache(db as unknown as Kysely<unknown>);
    // A sync killed during a bulk load left indexes deferred: build them now.
    await withSqlite(db, (sqlite) => restoreDeferredIndexes(sqlite));
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

