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
/** Lessons per INSERT (4 bound values each, well under SQLite's 32,766). */
const REBUILD_BATCH = 1000;

export const m0009SearchDetailColumn: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`DROP TABLE lesson_search`.execute(db);
    await sql`CREATE VIRTUAL TABLE lesson_search USING fts5(
      title, subject, description,
      content = '', contentless_delete = 1, detail = column,
      tokenize = 'unicode61 remove_diacritics 0'
    )`.execute(db);
    await sql`INSERT INTO lesson_search (lesson_search, rank) VALUES ('automerge', 0)`.execute(db);
    // In pages of REBUILD_BATCH lessons, one INSERT each: the rebuild runs
    // while the app opens (100k lessons: ~2.6 s on the 2-core build machine),
    // and paging keeps the whole library out of memory.
    let after = -1;
    for (;;) {
      const page = await sql<{ title: string; subject: string; description: string; search_rowid: number }>`
        SELECT title, subject, description, search_rowid FROM lessons
        WHERE search_rowid IS NOT NULL AND search_rowid > ${after} ORDER BY search_rowid LIMIT ${REBUILD_BATCH}`.execute(db);
      if (page.rows.length === 0) break;
      const rows = page.rows.map(
        (l) => sql`(${l.search_rowid}, ${foldForSearch(l.title)}, ${foldForSearch(l.subject)}, ${foldForSearch(l.description)})`,
      );
      await sql`INSERT INTO lesson_search (rowid, title, subject, description) VALUES ${sql.join(rows)}`.execute(db);
      after = page.rows.at(-1)!.search_rowid;
    }
  },
};
