import type { Transaction } from 'kysely';
import type { CacheDb } from './database.ts';
import type { CacheSchema } from './schema.ts';

/** The catalog cursor and when a sync last finished. One row. */
export class SyncStateStore {
  readonly #db: CacheDb;

  constructor(db: CacheDb) {
    this.#db = db;
  }

  async cursor(): Promise<string | null> {
    const row = await this.#db.selectFrom('sync_state').select('cursor').where('id', '=', 1).executeTakeFirst();
    return row?.cursor ?? null;
  }

  async lastSyncedAt(): Promise<string | null> {
    const row = await this.#db.selectFrom('sync_state').select('last_synced_at').where('id', '=', 1).executeTakeFirst();
    return row?.last_synced_at ?? null;
  }

  /** Called inside the page's transaction so the cursor never runs ahead of the data. */
  static async saveCursor(trx: Transaction<CacheSchema>, cursor: string): Promise<void> {
    await trx
      .insertInto('sync_state')
      .values({ id: 1, cursor, last_synced_at: null })
      .onConflict((oc) => oc.column('id').doUpdateSet({ cursor }))
      .execute();
  }

  async markSynced(at: string): Promise<void> {
    await this.#db
      .insertInto('sync_state')
      .values({ id: 1, cursor: null, last_synced_at: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ last_synced_at: at }))
      .execute();
  }
}
