import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Indexes for the library browser on a 100k-lesson cache (measured with
 * desktop/bench/library-browse.bench.ts; without them a page and its facet
 * counts took 300–800 ms, table scans of rows that carry long descriptions).
 * `lessons_browse_title`: a page by title reads the index in order and checks
 * the filters on it, touching the table only for the rows it returns.
 * `lessons_browse_facets`: the subject × grade × language counts (with the
 * search's rowid set) come from the index alone, already grouped.
 */
export const m0007LibraryBrowse: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('lessons_browse_title').on('lessons').columns(['title', 'id', 'subject', 'grade', 'language']).execute();
    await db.schema
      .createIndex('lessons_browse_facets')
      .on('lessons')
      .columns(['language', 'grade', 'subject', 'search_rowid'])
      .execute();
  },
};
