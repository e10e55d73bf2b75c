import type { CacheDb } from './database.ts';

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

  async markSynced(at: string): Promise<void> {
    await this.#db
      .insertInto('sync_state')
      .values({ id: 1, cursor: null, last_synced_at: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ last_synced_at: at }))
      .execute();
  }
}
