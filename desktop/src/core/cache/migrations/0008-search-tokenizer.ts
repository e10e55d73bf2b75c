import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { foldForSearch } from '../../search/search-fold.ts';

/**
 * The search index without the tokenizer's own diacritic folding: the text
 * it indexes and the words a search looks for are both folded by
 * foldForSearch first (NFKD, marks dropped, ə→e, ı→i), so unicode61's
 * remove_diacritics pass only ever saw plain letters and cost about a tenth
 * of a first sync (desktop/bench/library.bench.ts). Rebuilt from the cached
 * lessons, keeping each lesson's search_rowid.
 */
export const m0008SearchTokenizer: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`DROP TABLE lesson_search`.execute(db);
    await sql`CREATE VIRTUAL TABLE lesson_search USING fts5(
      title, subject, description,
      content = '', contentless_delete = 1,
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
