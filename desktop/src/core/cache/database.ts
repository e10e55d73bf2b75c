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
import { attachSearchIndex, bindSearchIndex, lastLoggedSeq } from '../search/search-index-db.ts';
import { registerSearchIndexer, SearchIndexer, searchIndexerOf, searchIndexWorkerEntry } from '../search/search-indexer.ts';

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

/**
 * Waits until every change committed so far is searchable (search-indexer.ts),
 * so a search never misses a lesson the library lists. If indexing failed
 * (disk full) the search runs on the index as it is; the sync reports the failure.
 */
export async function searchIndexCurrent(db: CacheDb): Promise<void> {
  const sqlite = connections.get(db);
  await (sqlite && searchIndexerOf(sqlite)?.current().catch(() => {}));
}

/** Resolves when the search indexer has nothing left to do (the rewrite after a sync included). */
export async function searchIndexIdle(db: CacheDb): Promise<void> {
  const sqlite = connections.get(db);
  await (sqlite && searchIndexerOf(sqlite)?.idle());
}

/** Closing waits for background upkeep of the file (background-upkeep.ts) and for the search indexer. */
class CacheDriver extends SqliteDriver {
  readonly #sqlite: Database.Database;

  constructor(sqlite: Database.Database) {
    super({ database: sqlite });
    this.#sqlite = sqlite;
  }

  override async destroy(): Promise<void> {
    await upkeepDone(this.#sqlite.name);
    await searchIndexerOf(this.#sqlite)?.close();
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
  attachSearchIndex(sqlite, join(cacheDir, 'search.db'));
  const db = new Kysely<CacheSchema>({ dialect: new CacheDialect(sqlite) });
  connections.set(db, sqlite);
  return db;
}

export interface OpenCacheOptions {
  /** search-index-worker's file as a file URL (default: beside its source; a bundled build passes its own). */
  searchIndexWorker?: string | undefined;
}

/** Opens and migrates the cache; throws CacheSchemaTooNewError for a newer cache. */
export async function openCacheDb(cacheDir: string, options: OpenCacheOptions = {}): Promise<CacheDb> {
  const db = openRawCacheDb(cacheDir);
  try {
    await migrateCache(db as unknown as Kysely<unknown>);
    await withSqlite(db, (sqlite) => {
      // A sync killed during a bulk load left indexes deferred: build them now.
      restoreDeferredIndexes(sqlite);
      // Changes logged but not yet indexed (a crash, a new search.db) are indexed from here on.
      const applied = bindSearchIndex(sqlite);
      const start = { cacheFile: sqlite.name, searchFile: join(cacheDir, 'search.db') };
      const entry = options.searchIndexWorker ? new URL(options.searchIndexWorker) : searchIndexWorkerEntry();
      registerSearchIndexer(sqlite, new SearchIndexer(start, entry, applied, lastLoggedSeq(sqlite)));
    });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

