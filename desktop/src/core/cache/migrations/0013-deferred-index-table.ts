import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Which table each deferred index belongs to (cache/deferred-indexes.ts): a
 * sync builds the ones the library browser reads through before it ends,
 * and leaves the rest to the background upkeep. An index deferred before
 * this migration has NULL, "not known", and is built before the sync ends,
 * as it always was.
 */
export const m0013DeferredIndexTable: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('deferred_indexes').addColumn('table_name', 'text').execute();
  },
};
