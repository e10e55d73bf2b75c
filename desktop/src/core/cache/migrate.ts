import { sql, type Kysely } from 'kysely';
import { Migrator, type MigrationProvider } from 'kysely/migration';
import { cacheMigrations } from './migrations/index.ts';

/** The cache was written by a newer app version; opening it could corrupt it. */
export class CacheSchemaTooNewError extends Error {
  readonly code = 'CACHE_SCHEMA_TOO_NEW';
  readonly unknownMigrations: string[];

  constructor(unknownMigrations: string[]) {
    super(`The local cache was created by a newer Sinif version (unknown migrations: ${unknownMigrations.join(', ')}).`);
    this.name = 'CacheSchemaTooNewError';
    this.unknownMigrations = unknownMigrations;
  }
}

export class CacheMigrationError extends Error {
  readonly code = 'CACHE_MIGRATION_FAILED';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CacheMigrationError';
  }
}

const provider: MigrationProvider = { getMigrations: async () => ({ ...cacheMigrations }) };

async function executedMigrationNames(db: Kysely<unknown>): Promise<string[]> {
  const table = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'`.execute(db);
  if (table.rows.length === 0) return [];
  const rows = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db);
  return rows.rows.map((r) => r.name);
}

/**
 * Brings the cache schema to `target` (default: latest). Refuses a database
 * that has migrations this code does not know: that means a newer app wrote it.
 */
export async function migrateCache(db: Kysely<unknown>, target?: string): Promise<void> {
  const known = new Set(Object.keys(cacheMigrations));
  const unknown = (await executedMigrationNames(db)).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new CacheSchemaTooNewError(unknown);
  const migrator = new Migrator({ db, provider });
  const result = target === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
  if (result.error) {
    throw new CacheMigrationError(`Cache migration failed: ${String(result.error)}`, { cause: result.error });
  }
}
