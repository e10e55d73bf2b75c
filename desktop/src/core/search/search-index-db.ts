import { rmSync } from 'node:fs';
import type Database from 'better-sqlite3';

/**
 * The search index lives in a file of its own, `<cacheDir>/search.db`,
 * attached to the cache's connection as `search`, so a worker thread can
 * write it while the core writes cache.db (search-indexer.ts says why).
 *
 * cache.db stays the truth: every change to a lesson's searchable text
 * appends the lesson's search rowid to `search_log` in the same transaction
 * (catalog-page-writer.ts). search.db records how far into that log it is
 * (`applied_seq`), in the same transaction as the index rows it wrote, so
 * after a crash the indexer goes on from there: no change is lost or applied
 * half. The files are bound to each other by an id; a search.db that is
 * missing, damaged, of another cache, or of an older SEARCH_INDEX_VERSION is
 * built again from the lessons.
 *
 * Each file is durable on its own (synchronous = NORMAL: a power cut may take
 * a file's last commits), so at open the two are also checked against each
 * other: search.db must not be past the log's end (cache.db lost commits: the
 * positions will be handed out again), nor short of where cache.db already
 * emptied the log (search.db lost commits: the entries it needs are gone).
 * Either way the index is built again.
 */
export const SEARCH_SCHEMA = 'search';

/** Raise to rebuild every PC's search index (a tokenizer or folding change): no migration needed. */
export const SEARCH_INDEX_VERSION = 1;

// FTS5: the folded (foldForSearch) title, subject and description of each
// lesson under its lessons.search_rowid. Contentless (the folded text is never
// shown); contentless_delete lets an edit drop the old row; column detail,
// no positions (searches are prefix words, never phrases); the `ascii`
// tokenizer, because foldForSearch already turned every non-ASCII word break
// into a space (cache migrations 0008–0010 tell how the index came to this).
const LESSON_SEARCH_SQL = `CREATE VIRTUAL TABLE ${SEARCH_SCHEMA}.lesson_search USING fts5(
  title, subject, description,
  content = '', contentless_delete = 1, detail = column,
  tokenize = 'ascii'
)`;

interface SearchState {
  index_id: string;
  version: number;
  applied_seq: number;
}

/**
 * Attaches `searchFile` as SEARCH_SCHEMA, creating its tables if new. A file
 * that is not a usable database (damaged, truncated) is deleted and started
 * anew: it holds nothing the lessons cannot give again (bindSearchIndex).
 */
export function attachSearchIndex(sqlite: Database.Database, searchFile: string): void {
  try {
    attach(sqlite, searchFile);
  } catch {
    if (sqlite.prepare<[string]>('SELECT 1 FROM pragma_database_list WHERE name = ?').get(SEARCH_SCHEMA)) {
      sqlite.exec(`DETACH DATABASE ${SEARCH_SCHEMA}`);
    }
    for (const file of [searchFile, `${searchFile}-wal`, `${searchFile}-shm`]) rmSync(file, { force: true });
    attach(sqlite, searchFile);
  }
}

function attach(sqlite: Database.Database, searchFile: string): void {
  sqlite.prepare(`ATTACH DATABASE ? AS ${SEARCH_SCHEMA}`).run(searchFile);
  sqlite.pragma(`${SEARCH_SCHEMA}.journal_mode = WAL`);
  sqlite.exec(`CREATE TABLE IF NOT EXISTS ${SEARCH_SCHEMA}.search_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    index_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    applied_seq INTEGER NOT NULL,
    max_rowid INTEGER NOT NULL
  )`);
  const hasIndex = sqlite.prepare(`SELECT 1 FROM ${SEARCH_SCHEMA}.sqlite_master WHERE name = 'lesson_search'`).get();
  if (!hasIndex) createLessonSearch(sqlite);
}

function createLessonSearch(sqlite: Database.Database): void {
  sqlite.exec(LESSON_SEARCH_SQL);
  // No merging while the indexer writes: each batch is one segment, and the
  // indexer rewrites the index into one segment after a sync (search-index-worker.ts).
  sqlite.exec(`INSERT INTO ${SEARCH_SCHEMA}.lesson_search (lesson_search, rank) VALUES ('automerge', 0)`);
}

/**
 * Makes search.db the index of this cache (migration 0012 onwards). When it
 * is not (new, another cache's, an older version, or out of step with
 * cache.db: see above), its rows are dropped and every lesson is logged to be
 * indexed again. Returns the log position the index has reached.
 *
 * In three steps, each one transaction, so that a crash between any two
 * leaves search.db unbound and the next open starts over: search.db emptied
 * and unbound; every lesson logged (logging twice is harmless); search.db bound.
 */
export function bindSearchIndex(sqlite: Database.Database): number {
  const binding = sqlite.prepare<[], { index_id: string; pruned_to: number }>('SELECT index_id, pruned_to FROM search_index_binding WHERE id = 1').get();
  if (!binding) throw new Error('cache.db has no search index binding (migration 0012)');
  const state = sqlite.prepare<[], SearchState>(`SELECT index_id, version, applied_seq FROM ${SEARCH_SCHEMA}.search_state WHERE id = 1`).get();
  const logEnd = sqlite.prepare<[], { seq: number }>(`SELECT seq FROM sqlite_sequence WHERE name = 'search_log'`).get()?.seq ?? 0;
  const bound = state?.index_id === binding.index_id && state.version === SEARCH_INDEX_VERSION;
  if (bound && state.applied_seq <= logEnd && state.applied_seq >= binding.pruned_to) return state.applied_seq;
  sqlite.transaction(() => {
    sqlite.exec(`DROP TABLE ${SEARCH_SCHEMA}.lesson_search`);
    createLessonSearch(sqlite);
    sqlite
      .prepare(`INSERT OR REPLACE INTO ${SEARCH_SCHEMA}.search_state (id, index_id, version, applied_seq, max_rowid) VALUES (1, '', ?, 0, 0)`)
      .run(SEARCH_INDEX_VERSION);
  })();
  sqlite.transaction(() => {
    sqlite.prepare('INSERT INTO search_log (search_rowid) SELECT search_rowid FROM lessons WHERE search_rowid IS NOT NULL').run();
    sqlite.prepare('UPDATE search_index_binding SET pruned_to = 0 WHERE id = 1').run();
  })();
  sqlite.prepare(`UPDATE ${SEARCH_SCHEMA}.search_state SET index_id = ? WHERE id = 1`).run(binding.index_id);
  return 0;
}

/** The last position of the search log (0 when nothing was ever logged). */
export function lastLoggedSeq(sqlite: Database.Database): number {
  return sqlite.prepare<[], { seq: number }>(`SELECT coalesce(max(seq), 0) AS seq FROM search_log`).get()!.seq;
}
