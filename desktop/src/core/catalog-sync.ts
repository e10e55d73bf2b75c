import type { CacheDb } from './cache/database.ts';
import { applyCatalogChange } from './cache/lesson-store.ts';
import { SyncStateStore } from './cache/sync-state-store.ts';
import type { ServerAuth, ServerClient } from './server-client.ts';

export interface CatalogSyncOptions {
  pageSize: number;
  /** Called after each page is committed, with the number of pages so far. */
  onPage?: (pages: number, hasMore: boolean) => void;
  /** Checked between pages; an aborted sync stops after the last committed page. */
  signal?: AbortSignal;
}

/**
 * Pulls catalog changes after the stored cursor. Each page and its cursor are
 * committed together, so a sync cut off anywhere resumes at the first page
 * that was not committed, never skipping or re-applying half a page.
 */
export async function syncCatalog(db: CacheDb, client: ServerClient, auth: ServerAuth, options: CatalogSyncOptions): Promise<number> {
  const state = new SyncStateStore(db);
  let cursor = await state.cursor();
  let pages = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const page = await client.catalogChanges(auth, cursor, options.pageSize);
    await db.transaction().execute(async (trx) => {
      for (const change of page.changes) await applyCatalogChange(trx, change);
      await SyncStateStore.saveCursor(trx, page.cursor);
    });
    cursor = page.cursor;
    pages += 1;
    options.onPage?.(pages, page.hasMore);
    // An empty page that still says hasMore would loop forever: stop.
    if (!page.hasMore || page.changes.length === 0) return pages;
  }
}
