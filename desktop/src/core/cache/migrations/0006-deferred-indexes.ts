import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Secondary indexes a long first sync drops and builds again at its end
 * (cache/deferred-indexes.ts). Their CREATE statements wait here, written in
 * the same transaction as the DROP, so a sync killed in between cannot lose
 * an index: the next open of the cache builds what is listed.
 */
export const m0006DeferredIndexes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('deferred_indexes')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('create_sql', 'text', (c) => c.notNull())
      .execute();
  },
};
