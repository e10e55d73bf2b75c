import type { CatalogChangesPage } from '@sinif/shared';
import { CatalogPageWriter } from './cache/catalog-page-writer.ts';
import type { CacheDb } from './cache/database.ts';
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
 * The first page's size at most; each next page may be twice the one before,
 * up to the sync's page size. Writing a catch-up edit costs ~4 times fetching
 * it, so while 250 edits are written the server reads and sends the next
 * 500: a 1,000-edit catch-up waited ~25 ms for its one page before writing
 * anything, and now waits for a quarter of that. Doubling rather than going
 * straight to 1,000 also splits a 1,000-edit catch-up as 250 + 500 + 250, not
 * 250 + 750: the search index takes the last page only once it is committed
 * (search-indexer.ts), and the sync waited 8–28 ms for 750, 3–8 ms for 250
 * (median catch-up 80–90 → 72–83 ms over 5 runs of the library bench).
 */
const FIRST_PAGE_LIMIT = 250;

/**
 * Pulls catalog changes after the stored cursor. Each page and its cursor are
 * committed together, so a sync cut off anywhere resumes at the first page
 * that was not committed, never skipping or re-applying half a page.
 *
 * The next page is requested before the current one is applied: the server
 * reads and sends page N+1 while this thread writes page N. A prefetched page
 * is only ever applied after its predecessor committed, so resuming stays exact.
 * The first pages are smaller, so the writing starts sooner and the next
 * page's fetch hides behind it.
 */
export async function syncCatalog(db: CacheDb, client: ServerClient, auth: ServerAuth, options: CatalogSyncOptions): Promise<number> {
  const writer = new CatalogPageWriter(db);
  const fetchAfter = (cursor: string | null, limit = options.pageSize): Promise<CatalogChangesPage> => {
    const page = client.catalogChanges(auth, cursor, limit, options.signal);
    page.catch(() => {}); // a prefetch nobody awaits (sync aborted or failed) must not be "unhandled"
    return page;
  };
  options.signal?.throwIfAborted();
  const cursor = await new SyncStateStore(db).cursor();
  let limit = Math.min(options.pageSize, FIRST_PAGE_LIMIT);
  let next = fetchAfter(cursor, limit);
  let pages = 0;
  let failed = false;
  await writer.startSync();
  try {
    for (;;) {
      const page = await next;
      // An empty page that still says hasMore would loop forever: stop.
      const more = page.hasMore && page.changes.length > 0;
      if (more) {
        limit = Math.min(options.pageSize, limit * 2);
        next = fetchAfter(page.cursor, limit);
        // fetch() only writes the request a few event-loop turns later, and the
        // apply below holds this thread for tens of milliseconds: without this
        // turn the server would not even see the request until the page
        // committed, and fetching and applying would take turns instead of
        // overlapping (measured: half of a 100k-lesson first sync was waiting).
        await new Promise((resolve) => setImmediate(resolve));
      }
      // A first sync of a big library loads without the secondary indexes;
      // a catch-up of a few pages keeps them (rebuilding them would cost more,
      // and browsing meanwhile would go without them).
      if (more && pages === 0 && cursor === null) await writer.startBulkLoad();
      await writer.applyPage(page.changes, page.cursor);
      pages += 1;
      options.onPage?.(pages, page.hasMore);
      if (!more) return pages;
      options.signal?.throwIfAborted();
    }
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // Upkeep failing after a failed sync must not hide why the sync failed.
    await writer.tidy().catch((error: unknown) => {
      if (!failed) throw error;
    });
  }
}
