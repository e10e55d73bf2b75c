import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The search index moves to search.db, written by a worker thread
 * (search/search-index-db.ts, search/search-indexer.ts). cache.db keeps the
 * log of which lessons' search text changed, and the id that binds a
 * search.db to this cache: a new id here means the first open after this
 * migration indexes every lesson again, into search.db.
 *
 * AUTOINCREMENT: the log is emptied as the indexer catches up, and a position
 * must never be handed out twice (the indexer would take it for done).
 */
export const m0012SearchIndexFile: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`CREATE TABLE search_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, search_rowid INTEGER NOT NULL)`.execute(db);
    // pruned_to: the log was emptied up to here (search/search-index-db.ts says why it is kept).
    await sql`CREATE TABLE search_index_binding (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      index_id TEXT NOT NULL,
      pruned_to INTEGER NOT NULL DEFAULT 0
    )`.execute(db);
    await sql`INSERT INTO search_index_binding (id, index_id) VALUES (1, lower(hex(randomblob(16))))`.execute(db);
    await sql`DROP TABLE main.lesson_search`.execute(db);
  },
};
