/**
 * The store's Kysely dialect, with atomic migrations. SQLite runs DDL inside
 * a transaction, but Kysely's SqliteAdapter says it does not, so its Migrator
 * applied each migration bare: a server killed (power cut, OOM, a hurried
 * restart) while migrating kept half a migration that was never recorded,
 * and it could not start again ("duplicate column"). Declaring transactional
 * DDL makes the Migrator run every pending migration and its bookkeeping in
 * one transaction. Outside the Migrator the flag changes nothing. (The
 * desktop cache has its own copy: the two runtimes share no Node code.)
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
