import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The search index with FTS5's `ascii` tokenizer. Everything it indexes and
 * every word a search looks for is folded by foldForSearch first (lowercase,
 * no marks, word breaks outside ASCII turned into spaces), so unicode61's
 * per-character Unicode lookups only ever confirmed what the folding had
 * done; `ascii` splits on ASCII breaks alone and keeps other characters in
 * words: the same words, at about 30% less cost per row (the search rows of
 * 100k bench lessons: ~0.93 → ~0.67 s; a first sync of them, in paired
 * runs of desktop/bench/library.bench.ts's first part: ~150–230 ms less).
 * Rebuilt from the cached lessons in one statement through fold_for_search
 * (database.ts), keeping each lesson's search_rowid: ~0.9 s for 100k
 * lessons, once.
 */
export const m0010SearchAsciiTokenizer: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`DROP TABLE lesson_search`.execute(db);
    await sql`CREATE VIRTUAL TABLE lesson_search USING fts5(
      title, subject, description,
      content = '', contentless_delete = 1, detail = column,
      tokenize = 'ascii'
    )`.execute(db);
    await sql`INSERT INTO lesson_search (lesson_search, rank) VALUES ('automerge', 0)`.execute(db);
    await sql`INSERT INTO lesson_search (rowid, title, subject, description)
      SELECT search_rowid, fold_for_search(title), fold_for_search(subject), fold_for_search(description)
      FROM lessons WHERE search_rowid IS NOT NULL ORDER BY search_rowid`.execute(db);
  },
};
