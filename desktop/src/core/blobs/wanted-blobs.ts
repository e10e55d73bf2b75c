/**
 * Which of some files lying on disk the library still needs: the start-up
 * sweeps of `.part` files (part-sweep.ts) and of blob files without a row
 * (blob-sweep.ts) keep or adopt only those.
 */
import type { CacheDb } from '../cache/database.ts';

/** Bound on one SQL `IN (...)` list. */
export const QUERY_BATCH = 500;

/**
 * Sizes of the wanted blobs among `sha256s`: referenced by a cached lesson
 * and not verified yet (the largest size a lesson gives, as the store assumes).
 */
export async function unverifiedWantedSizes(db: CacheDb, sha256s: readonly string[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (let i = 0; i < sha256s.length; i += QUERY_BATCH) {
    const rows = await db
      .selectFrom('lesson_resources as r')
      .select(['r.sha256', (eb) => eb.fn.max('r.size').as('size')])
      .where('r.sha256', 'in', sha256s.slice(i, i + QUERY_BATCH))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('blobs as b').select('b.sha256').whereRef('b.sha256', '=', 'r.sha256'))))
      .groupBy('r.sha256')
      .execute();
    for (const row of rows) sizes.set(row.sha256, Number(row.size));
  }
  return sizes;
}
