import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrateCache } from './migrate.ts';
import type { CacheSchema } from './schema.ts';

export type CacheDb = Kysely<CacheSchema>;

/** Opens `<cacheDir>/cache.db` without migrating (tests step through migrations). */
export function openRawCacheDb(cacheDir: string): CacheDb {
  mkdirSync(cacheDir, { recursive: true });
  const sqlite = new Database(join(cacheDir, 'cache.db'));
  // WAL: readers (list/open) never wait for the sync writer.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's lower()/LIKE fold ASCII only; lesson titles are Azerbaijani, Russian, Armenian.
  sqlite.function('fold_case', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : text));
  return new Kysely<CacheSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** Opens and migrates the cache; throws CacheSchemaTooNewError for a newer cache. */
export async function openCacheDb(cacheDir: string): Promise<CacheDb> {
  const db = openRawCacheDb(cacheDir);
  try {
    await migrateCache(db as unknown as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}
