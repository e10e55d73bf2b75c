import type { CatalogChange } from '@sinif/shared';
import type Database from 'better-sqlite3';
import { withSqlite, type CacheDb } from './database.ts';
import { foldForSearch } from '../search/search-fold.ts';

/**
 * Applies catalog pages straight through better-sqlite3 prepared statements,
 * one transaction per page together with the page's cursor, so the cursor
 * never runs ahead of the data and the search index never lags the lessons.
 * Why not Kysely here: a 100k-lesson first sync is ~300k statements, and
 * Kysely's per-query compile plus an await per statement cost several times
 * the SQL itself (see desktop/bench/library.bench.ts).
 */
export class CatalogPageWriter {
  readonly #db: CacheDb;
  #apply: ((changes: readonly CatalogChange[], cursor: string) => void) | undefined;

  constructor(db: CacheDb) {
    this.#db = db;
  }

  async applyPage(changes: readonly CatalogChange[], cursor: string): Promise<void> {
    await withSqlite(this.#db, (sqlite) => {
      this.#apply ??= prepare(sqlite);
      this.#apply(changes, cursor);
    });
  }
}

function prepare(sqlite: Database.Database): (changes: readonly CatalogChange[], cursor: string) => void {
  // Resources cascade with the lesson row, so an upsert is delete + insert.
  const deleteLesson = sqlite.prepare<[string], { search_rowid: number | null }>('DELETE FROM lessons WHERE id = ? RETURNING search_rowid');
  const deleteSearch = sqlite.prepare<[number]>('DELETE FROM lesson_search WHERE rowid = ?');
  const insertSearch = sqlite.prepare<[string, string, string]>('INSERT INTO lesson_search (title, subject, description) VALUES (?, ?, ?)');
  const insertLesson = sqlite.prepare<[string, string, string, string, number, string, string, number | bigint | null]>(
    `INSERT INTO lessons (id, title, description, subject, grade, language, updated_at, search_rowid)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertResource = sqlite.prepare<[string, number, string, string, string, number, string]>(
    `INSERT INTO lesson_resources (lesson_id, position, id, name, media_type, size, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const saveCursor = sqlite.prepare<[string]>(
    `INSERT INTO sync_state (id, cursor, last_synced_at) VALUES (1, ?, NULL)
     ON CONFLICT (id) DO UPDATE SET cursor = excluded.cursor`,
  );

  function apply(change: CatalogChange): void {
    const lessonId = change.kind === 'upsert' ? change.lesson.id : change.lessonId;
    const old = deleteLesson.get(lessonId);
    if (old?.search_rowid != null) deleteSearch.run(old.search_rowid);
    if (change.kind === 'delete') return;
    const { lesson } = change;
    const searchRowid = process.env.NOFTS ? null : insertSearch.run(process.env.NOFOLD ? lesson.title : foldForSearch(lesson.title), process.env.NOFOLD ? lesson.subject : foldForSearch(lesson.subject), process.env.NOFOLD ? lesson.description : foldForSearch(lesson.description)).lastInsertRowid;
    insertLesson.run(lesson.id, lesson.title, lesson.description, lesson.subject, lesson.grade, lesson.language, lesson.updatedAt, searchRowid);
    lesson.resources.forEach((r, position) => insertResource.run(lesson.id, position, r.id, r.name, r.mediaType, r.size, r.sha256));
  }

  return sqlite.transaction((changes: readonly CatalogChange[], cursor: string) => {
    for (const change of changes) apply(change);
    saveCursor.run(cursor);
  });
}
