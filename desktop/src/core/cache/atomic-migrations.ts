/**
 * A Kysely SQLite dialect whose migrations are atomic. SQLite runs DDL inside
 * a transaction, but Kysely's SqliteAdapter says it does not, so its Migrator
 * applied each migration bare: a PC switched off while the cache was being
 * migrated (the search rebuild of migration 0009 takes seconds on a big
 * library) kept half a migration that was never recorded, and every later
 * start failed on it ("duplicate column"). Declaring transactional DDL makes
 * the Migrator run all pending migrations and their bookkeeping in one
 * transaction: after a kill the cache is as before, and the next start
 * migrates again. Outside the Migrator the flag changes nothing.
 */
import { SqliteAdapter, SqliteDialect, type DialectAdapter } from 'kysely';

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class AtomicMigrationsSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
