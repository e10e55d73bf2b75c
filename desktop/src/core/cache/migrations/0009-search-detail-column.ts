import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { foldForSearch } from '../../search/search-fold.ts';

/**
 * The search index without word positions (`detail = column`): a search is
 * prefix words ANDed, in the title or anywhere (library-search.ts), never a
 * phrase or NEAR, so positions were only ever written. Without them a first
 * sync indexes 100k lessons in about half the time and the index is smaller
 * on every PC (desktop/bench/library.bench.ts). ftsMatchOf makes sure no
 * quoted word becomes a phrase (search-fold.ts, FTS_SEPARATORS). Rebuilt
 * from the cached lessons, keeping each lesson's search_rowid.
 */
export const m0009SearchDetailColumn: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`DROP TABLE lesson_search`.execute(db);
    await sql`CREATE VIRTUAL TABLE lesson_search USING fts5(
      title, subject, description,
      content = '', contentless_delete = 1, detail = column,
      tokenize = 'unicode61 remove_diacritics 0'
    )`.execute(db);
    await sql`INSERT INTO lesson_search (lesson_search, rank) VALUES ('automerge', 0)`.execute(db);
    const lessons = await sql<{ title: string; subject: string; description: string; search_rowid: number }>`
      SELECT title, subject, description, search_rowid FROM lessons WHERE search_rowid IS NOT NULL ORDER BY search_rowid`.execute(db);
    for (const lesson of lessons.rows) {
      await sql`INSERT INTO lesson_search (rowid, title, subject, description) VALUES (${lesson.search_rowid},
        ${foldForSearch(lesson.title)}, ${foldForSearch(lesson.subject)}, ${foldForSearch(lesson.description)})`.execute(db);
    }
  },
};
