/**
 * Bringing a store to the schema this code knows, and refusing a store that a
 * newer server already migrated (running old code on it could corrupt data).
 */
import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import { migrations as knownMigrations } from './migrations/index.ts';

export class DatabaseNewerThanCodeError extends Error {
  readonly code = 'DB_NEWER_THAN_CODE';
  readonly unknownMigrations: string[];
  constructor(file: string | undefined, unknownMigrations: string[]) {
    super(
      `The database${file ? ` ${file}` : ''} was migrated by a newer Sinif server ` +
        `(unknown migrations: ${unknownMigrations.join(', ')}). Run the newer server, or restore a backup.`,
    );
    this.name = 'DatabaseNewerThanCodeError';
    this.unknownMigrations = unknownMigrations;
  }
}

export class MigrationFailedError extends Error {
  readonly code = 'DB_MIGRATION_FAILED';
  constructor(migration: string, cause: unknown) {
    super(`Database migration ${migration} failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'MigrationFailedError';
  }
}

const MIGRATION_TABLE = 'kysely_migration';

/** Names of migrations recorded as applied in this database, in order. */
export async function appliedMigrations<DB>(db: Kysely<DB>): Promise<string[]> {
  const table = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ${MIGRATION_TABLE}`.execute(db);
  if (table.rows.length === 0) return [];
  const rows = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** The numeric version of the newest applied migration (0 for an empty store). */
export async function schemaVersion<DB>(db: Kysely<DB>): Promise<number> {
  const applied = await appliedMigrations(db);
  const last = applied.at(-1);
  return last ? Number.parseInt(last, 10) : 0;
}

export interface MigrateOptions {
  /** Stop at this migration name (tests use it to reach version N-1). */
  target?: string;
  /** Replaces the code's list (tests use it to fake a newer server). */
  migrations?: Record<string, Migration>;
  file?: string;
}

export async function migrateStore<DB>(db: Kysely<DB>, opts: MigrateOptions = {}): Promise<number> {
  const migrations = opts.migrations ?? knownMigrations;
  const unknown = (await appliedMigrations(db)).filter((name) => !(name in migrations));
  if (unknown.length > 0) throw new DatabaseNewerThanCodeError(opts.file, unknown);

  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = opts.target
    ? await migrator.migrateTo(opts.target)
    : await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationFailedError(failed, error);
  }
  const version = await schemaVersion(db);
  // Mirrored into user_version so sqlite3 tools can tell the version without Kysely.
  await sql.raw(`PRAGMA user_version = ${version}`).execute(db);
  return version;
}
