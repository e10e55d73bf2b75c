import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { foldForSearch } from '../../search/search-fold.ts';

/**
 * Full-text search over lessons. `lesson_search` holds the folded
 * (foldForSearch) title, subject and description; it is contentless, because
 * the folded text is never shown, and contentless_delete lets an upsert drop
 * the old row. `lessons.search_rowid` links a lesson to its row: the implicit
 * rowid of `lessons` would not do, VACUUM may renumber it. An edited lesson
 * keeps its search_rowid.
 */
export const m0003LessonSearch: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('lessons').addColumn('search_rowid', 'integer').execute();
    await db.schema.createIndex('lessons_search_rowid').unique().on('lessons').column('search_rowid').execute();
    await sql`CREATE VIRTUAL TABLE lesson_search USING fts5(
      title, subject, description,
      content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2'
    )`.execute(db);
    // No merging inside a page's transaction: it made applying a 1,000-change
    // page several times slower. After each sync that wrote to it, the index
    // is rewritten into one segment in the background (search/search-index-worker.ts;
    // FTS5's crisis merge still bounds the segment count in between).
    await sql`INSERT INTO lesson_search (lesson_search, rank) VALUES ('automerge', 0)`.execute(db);
    const lessons = await sql<{ id: string; title: string; subject: string; description: string }>`
      SELECT id, title, subject, description FROM lessons ORDER BY id`.execute(db);
    for (const lesson of lessons.rows) {
      const inserted = await sql`INSERT INTO lesson_search (title, subject, description)
        VALUES (${foldForSearch(lesson.title)}, ${foldForSearch(lesson.subject)}, ${foldForSearch(lesson.description)})`.execute(db);
      await sql`UPDATE lessons SET search_rowid = ${inserted.insertId} WHERE id = ${lesson.id}`.execute(db);
    }
  },
};
