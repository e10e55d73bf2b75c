/**
 * A store migration cut off by SIGKILL, for atomic-migrations.test.ts:
 * `node migration-child.ts <dataDir>`. Opens the store as the server does
 * (openStore) and runs migrateStore with two migrations: the first adds a
 * table and a column, the second prints "migrating" and never finishes.
 */
import { sql, type Kysely } from 'kysely';
import { migrateStore } from '../../src/db/schema-version.ts';
import { openStore } from '../../src/db/store.ts';

const store = openStore(process.argv[2]!);
await migrateStore(store.db, {
  migrations: {
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
  },
});
