import { statSync } from 'node:fs';
import type { CatalogChange, Lesson } from '@sinif/shared';
import type Database from 'better-sqlite3';
import { withSqlite, type CacheDb } from './database.ts';
import { searchIndexerOf } from '../search/search-indexer.ts';
import type { LoggedPage, SearchText } from '../search/search-indexer-protocol.ts';
import { upkeepInBackground } from './background-upkeep.ts';
import { deferCatalogIndexes, hasDeferredIndexes, restoreDeferredIndexes } from './deferred-indexes.ts';
import { LESSON_COLUMNS, resourcesDigest, wantedValue, type LessonColumn, type StoredLesson } from './stored-lesson.ts';

const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

/** A WAL this large is checkpointed (and truncated) at the end of any sync. */
const LARGE_WAL_BYTES = 64 * 1024 * 1024;

function walBytes(sqlite: Database.Database): number {
  try {
    return statSync(`${sqlite.name}-wal`).size;
  } catch {
    return 0; // no WAL file (yet): nothing to give back
  }
}

/** What applying a page did to the search log: the last position logged (0: no lesson's search text changed). */
interface PageApplied {
  loggedSeq: number;
  /** The page's search text, for the indexer (a catch-up page). */
  logged: LoggedPage | undefined;
}

/** Applies one page, dropping the search log up to `indexed` (what search.db holds). */
type ApplyPage = (changes: readonly CatalogChange[], cursor: string, bulkLoad: boolean, indexed: number) => PageApplied;

/**
 * Applies catalog pages straight through better-sqlite3 prepared statements,
 * one transaction per page together with the page's cursor and the log of
 * the page's search changes, so the cursor never runs ahead of the data and
 * the search index (search.db, search/search-indexer.ts) misses no change.
 * Why not Kysely here: a 100k-lesson first sync is ~400k statements, and
 * Kysely's per-query compile plus an await per statement cost several times
 * the SQL itself (see desktop/bench/library.bench.ts).
 */
export class CatalogPageWriter {
  readonly #db: CacheDb;
  #apply: ApplyPage | undefined;
  #bulk = false;
  /** This sync wrote to the search index. */
  #searchWritten = false;

  constructor(db: CacheDb) {
    this.#db = db;
  }

  /**
   * SQLite's automatic WAL checkpoint (every 1000 pages, with two fsyncs) would
   * run after nearly every 1000-lesson page and rewrite the same index pages
   * again and again: it doubled a first sync. During a sync the WAL just grows;
   * `tidy` checkpoints once at the end.
   */
  async startSync(): Promise<void> {
    await withSqlite(this.#db, (sqlite) => sqlite.pragma('wal_autocheckpoint = 0'));
  }

  /** A sync of many pages: load without the secondary indexes (see deferred-indexes.ts). */
  async startBulkLoad(): Promise<void> {
    this.#bulk = true;
    await withSqlite(this.#db, (sqlite) => deferCatalogIndexes(sqlite));
  }

  async applyPage(changes: readonly CatalogChange[], cursor: string): Promise<void> {
    await withSqlite(this.#db, (sqlite) => {
      this.#apply ??= prepareApply(sqlite);
      const indexer = searchIndexerOf(sqlite);
      const { loggedSeq, logged } = this.#apply(changes, cursor, this.#bulk, indexer?.applied ?? 0);
      if (loggedSeq > 0) {
        this.#searchWritten = true;
        indexer?.logged(loggedSeq, logged);
      }
    });
  }

  /**
   * The end of a sync, once the new lessons are already listed: build the
   * indexes a bulk load deferred that browsing reads through (it is slow
   * without them) while the search indexer's thread indexes the last pages,
   * then wait for it, so a sync ends searchable. In the background: the
   * search index rewritten into one segment (search-indexer.ts); the other
   * deferred indexes built, and cache.db's WAL checkpointed, truncated after
   * a bulk load or when it grew large (background-upkeep.ts).
   * If the core writes before the background checkpoint has begun, SQLite's
   * automatic one does the work on this thread instead, and the background
   * one finds nothing left: either way it happens once.
   */
  async tidy(): Promise<void> {
    const bulk = this.#bulk;
    const searchWritten = this.#searchWritten;
    this.#bulk = false;
    this.#searchWritten = false;
    const indexer = await withSqlite(this.#db, (sqlite) => {
      restoreDeferredIndexes(sqlite, 'beforeSyncEnds');
      const restoreIndexes = hasDeferredIndexes(sqlite);
      sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      // A first sync leaves a WAL of hundreds of MB: give the disk back.
      const truncateWal = bulk || walBytes(sqlite) > LARGE_WAL_BYTES;
      if (searchWritten || truncateWal || restoreIndexes) upkeepInBackground(sqlite.name, { truncateWal, restoreIndexes });
      return searchIndexerOf(sqlite);
    });
    if (!indexer || !searchWritten) return;
    await indexer.current();
    indexer.optimize();
  }
}

/** Rows per multi-row INSERT of a bulk load (9 × 25 bound values, well under SQLite's 32,766). */
const BULK_ROWS = 25;

/** `(?, …), …`: BULK_ROWS rows of `columns` values. */
function rowsOf(columns: number): string {
  return Array.from({ length: BULK_ROWS }, () => `(${Array.from({ length: columns }, () => '?').join(', ')})`).join(', ');
}

function prepareApply(sqlite: Database.Database): ApplyPage {
  // The lesson row alone: whether its resources changed, their digest says.
  const selectLesson = sqlite.prepare<[string], StoredLesson>(
    `SELECT rowid AS row, search_rowid, title, description, subject, grade, language, updated_at, resources_digest
     FROM lessons WHERE id = ?`,
  );
  // An edit updates the row in place, and only the columns that changed:
  // SQLite rewrites every index holding a column named in SET, so a new
  // title must not also rewrite the subject/grade/language browse index.
  const updates = new Map<string, Database.Statement<unknown[]>>();
  function updateLesson(row: number, columns: readonly string[], values: readonly unknown[]): void {
    const key = columns.join(',');
    let update = updates.get(key);
    if (!update) {
      update = sqlite.prepare<unknown[]>(`UPDATE lessons SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE rowid = ?`);
      updates.set(key, update);
    }
    update.run(...values, row);
  }
  // During a bulk load a lesson is inserted straight away and an existing one
  // left for the update path: one lookup of the primary key instead of a
  // SELECT and then an INSERT (a first sync is all new lessons).
  const insertNewLesson = sqlite.prepare<[string, string, string, string, number, string, string, number, number]>(
    `INSERT INTO lessons (id, title, description, subject, grade, language, updated_at, search_rowid, resources_digest)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO NOTHING`,
  );
  // Search rows of every lesson are linked through lessons.search_rowid (unique,
  // never deferred), so its maximum is the search index's too.
  const lastSearchRowid = sqlite.prepare<[], { last: number }>('SELECT coalesce(max(search_rowid), 0) AS last FROM lessons');
  let nextSearchRowid = 0;
  // Resources cascade with the lesson row.
  const deleteLesson = sqlite.prepare<[string], { search_rowid: number | null }>('DELETE FROM lessons WHERE id = ? RETURNING search_rowid');
  const deleteResources = sqlite.prepare<[string]>('DELETE FROM lesson_resources WHERE lesson_id = ?');
  const insertResource = sqlite.prepare<[string, number, string, string, string, number, string]>(
    `INSERT INTO lesson_resources (lesson_id, position, id, name, media_type, size, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const saveCursor = sqlite.prepare<[string]>(
    `INSERT INTO sync_state (id, cursor, last_synced_at) VALUES (1, ?, NULL) ON CONFLICT (id) DO UPDATE SET cursor = excluded.cursor`,
  );

  // Lessons whose searchable text changed (new, edited, deleted), by search
  // rowid: logged with the page, and indexed into search.db by the search
  // indexer's thread (search/search-indexer.ts). A catch-up page also hands
  // it their text (the last for each rowid), so the page is searchable
  // without the worker reading it back: ~10 ms of cold reads for 750 edits,
  // all of it after the page committed. A bulk load does not: its pages
  // would cost the core's thread a copy each, and the worker reads them
  // while this thread writes the next page.
  const searchChanges: number[] = [];
  const searchTexts = new Map<number, SearchText>();
  function searchChanged(rowid: number, lesson: Lesson | null): void {
    searchChanges.push(rowid);
    if (!bulk) {
      searchTexts.set(rowid, {
        rowid,
        title: lesson?.title ?? null,
        subject: lesson?.subject ?? null,
        description: lesson?.description ?? null,
      });
    }
  }
  const logSearchChanges = sqlite.prepare<[string]>('INSERT INTO search_log (search_rowid) SELECT value FROM json_each(?)');
  // What the indexer has applied is no longer needed; how far the log was
  // emptied is kept, so a search.db that lost commits is known (search-index-db.ts).
  const markPruned = sqlite.prepare<[number, number]>('UPDATE search_index_binding SET pruned_to = ? WHERE id = 1 AND pruned_to < ?');
  const dropIndexedLog = sqlite.prepare<[number]>('DELETE FROM search_log WHERE seq <= ?');

  function insertResources(lesson: Lesson): void {
    lesson.resources.forEach((r, position) => insertResource.run(lesson.id, position, r.id, r.name, r.mediaType, r.size, r.sha256));
  }

  function insertNew(lesson: Lesson): boolean {
    const newRowid = nextSearchRowid;
    const inserted = insertNewLesson.run(
      lesson.id, lesson.title, lesson.description, lesson.subject, lesson.grade, lesson.language, lesson.updatedAt, newRowid,
      resourcesDigest(lesson.resources),
    );
    if (inserted.changes === 0) return false;
    nextSearchRowid += 1;
    searchChanged(newRowid, lesson);
    insertResources(lesson);
    return true;
  }

  // A bulk load inserts new lessons and their resources BULK_ROWS to a
  // statement: run one by one, each row's statement cost more than writing
  // the row (100k lessons with 150k resources: ~0.2 s of a first sync).
  // RETURNING tells which lessons were new; one already cached (edited again
  // while the sync ran) is written like a catch-up edit.
  const insertNewLessons = sqlite.prepare<unknown[], { id: string }>(
    `INSERT INTO lessons (id, title, description, subject, grade, language, updated_at, search_rowid, resources_digest) VALUES ${rowsOf(9)}
     ON CONFLICT (id) DO NOTHING RETURNING id`,
  );
  const insertResourceRows = sqlite.prepare<unknown[]>(
    `INSERT INTO lesson_resources (lesson_id, position, id, name, media_type, size, sha256) VALUES ${rowsOf(7)}`,
  );
  const resourceRows: unknown[] = [];
  function queueResources(lesson: Lesson): void {
    lesson.resources.forEach((r, position) => {
      resourceRows.push(lesson.id, position, r.id, r.name, r.mediaType, r.size, r.sha256);
      if (resourceRows.length === BULK_ROWS * 7) insertResourceRows.run(...resourceRows.splice(0));
    });
  }
  function flushResources(): void {
    for (let at = 0; at < resourceRows.length; at += 7) insertResource.run(...(resourceRows.slice(at, at + 7) as Parameters<typeof insertResource.run>));
    resourceRows.length = 0;
  }
  function insertNewRun(lessons: readonly Lesson[]): void {
    const firstRowid = nextSearchRowid;
    nextSearchRowid += lessons.length; // a lesson found cached leaves its number unused
    const values = lessons.flatMap((l, i) => [
      l.id, l.title, l.description, l.subject, l.grade, l.language, l.updatedAt, firstRowid + i, resourcesDigest(l.resources),
    ]);
    const inserted = new Set(insertNewLessons.all(...values).map((row) => row.id));
    lessons.forEach((lesson, i) => {
      if (inserted.has(lesson.id)) {
        searchChanged(firstRowid + i, lesson);
        queueResources(lesson);
      } else {
        edit(lesson);
      }
    });
  }
  function bulkLoad(changes: readonly CatalogChange[]): void {
    let run: Lesson[] = [];
    for (const change of changes) {
      if (change.kind === 'delete') {
        run.forEach(upsert);
        run = [];
        remove(change.lessonId);
        continue;
      }
      run.push(change.lesson);
      if (run.length === BULK_ROWS) {
        insertNewRun(run);
        run = [];
      }
    }
    run.forEach(upsert);
    flushResources();
  }

  function upsert(lesson: Lesson): void {
    // A page of a bulk load is new lessons: try the insert first. A catch-up
    // page is mostly edits: look the lesson up first (one key lookup either way).
    if (bulk && insertNew(lesson)) return;
    edit(lesson);
  }

  /** Writes what changed of a lesson that may be cached already (inserts it when it is not). */
  function edit(lesson: Lesson): void {
    const old = selectLesson.get(lesson.id);
    if (!old) {
      insertNew(lesson);
      return;
    }
    const columns: string[] = LESSON_COLUMNS.filter((c) => old[c] !== wantedValue(lesson, c));
    const values: unknown[] = columns.map((c) => wantedValue(lesson, c as LessonColumn));
    if (old.search_rowid === null || old.title !== lesson.title || old.subject !== lesson.subject || old.description !== lesson.description) {
      // A lesson without a search row takes the next number too: a new lesson later in the page must not get it again.
      const rowid = old.search_rowid ?? nextSearchRowid++;
      searchChanged(rowid, lesson);
      if (old.search_rowid === null) {
        columns.push('search_rowid');
        values.push(rowid);
      }
    }
    // A digest not known (a row from before migration 0011) counts as a
    // change: the resources are written again, once.
    const digest = resourcesDigest(lesson.resources);
    const resourcesChanged = old.resources_digest !== digest;
    if (resourcesChanged) {
      columns.push('resources_digest');
      values.push(digest);
    }
    if (columns.length > 0) updateLesson(old.row, columns, values);
    if (resourcesChanged) {
      deleteResources.run(lesson.id);
      insertResources(lesson);
    }
  }

  function remove(lessonId: string): void {
    const old = deleteLesson.get(lessonId);
    if (old?.search_rowid != null) searchChanged(old.search_rowid, null);
  }

  let bulk = false;
  const apply = sqlite.transaction((changes: readonly CatalogChange[], cursor: string, indexed: number): PageApplied => {
    // A write first. Another connection may hold cache.db's write lock (the
    // upkeep building an index or checkpointing): a transaction whose first
    // statement writes waits for it (busy_timeout), but one that has read
    // already is refused at once (SQLITE_BUSY), and the sync failed. Not
    // BEGIN IMMEDIATE: that would take search.db's write lock too (attached),
    // and wait for every batch the search indexer writes.
    if (markPruned.run(indexed, indexed).changes > 0) dropIndexedLog.run(indexed);
    nextSearchRowid = lastSearchRowid.get()!.last + 1;
    searchChanges.length = 0; // what a failed page left
    searchTexts.clear();
    resourceRows.length = 0;
    if (bulk) {
      bulkLoad(changes);
    } else {
      for (const change of changes) {
        if (change.kind === 'upsert') upsert(change.lesson);
        else remove(change.lessonId);
      }
    }
    const searchRows = searchChanges.length;
    const to = searchRows > 0 ? Number(logSearchChanges.run(JSON.stringify(searchChanges)).lastInsertRowid) : 0;
    // One statement, one writer: its positions are consecutive.
    const logged = bulk || to === 0 ? undefined : { from: to - searchRows + 1, to, rows: [...searchTexts.values()] };
    searchChanges.length = 0;
    searchTexts.clear();
    saveCursor.run(cursor);
    return { loggedSeq: to, logged };
  });
  return (changes, cursor, bulkLoad, indexed) => {
    bulk = bulkLoad;
    return apply(changes, cursor, indexed);
  };
}
