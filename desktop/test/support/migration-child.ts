/**
 * A cache migration cut off by SIGKILL, for atomic-migrations.test.ts:
 * `node migration-child.ts <cacheDir>`. Opens the cache the way the core does
 * (openRawCacheDb) and runs two migrations: the first adds a table and a
 * column, the second prints "migrating" and never finishes, so the test can
 * kill the process in the middle of the run.
 */
import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { openRawCacheDb } from '../../src/core/cache/database.ts';

const db = openRawCacheDb(process.argv[2]!) as unknown as Kysely<unknown>;
const migrator = new Migrator({
  db,
  provider: {
    getMigrations: async () => ({
      '0001-first': {
        async up(trx: Kysely<unknown>) {
          await sql`CREATE TABLE half_done (id INTEGER PRIMARY KEY)`.execute(trx);
          await sql`ALTER TABLE half_done ADD COLUMN extra TEXT`.execute(trx);
        },
      },
      '0002-cut-off': {
        async up() {
          process.stdout.write('migrating\n');
          await new Promise(() => {}); // killed here
        },
      },
    }),
  },
});
await migrator.migrateToLatest();
