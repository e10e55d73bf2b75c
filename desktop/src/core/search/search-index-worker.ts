// The search indexer's thread (search-indexer.ts starts it): reads the
// search log and the lessons from cache.db, writes search.db. Its own two
// connections; nothing else writes search.db.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { foldForSearch } from './search-fold.ts';
import type { IndexerReply, IndexerRequest, IndexerStart, LoggedPage, SearchText } from './search-indexer-protocol.ts';

/** Log positions per search.db transaction: one segment each; a first sync's page is ~1,000. */
const BATCH = 10_000;

const start = workerData as IndexerStart;
const cache = new Database(start.cacheFile, { fileMustExist: true });
const search = new Database(start.searchFile, { fileMustExist: true });
for (const db of [cache, search]) db.pragma('busy_timeout = 5000');
search.pragma('synchronous = NORMAL');

const lastSeq = cache.prepare<[], { seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM search_log');
// The lessons whose text changed, each once, with their text now (null: deleted).
const changed = cache.prepare<[number, number], SearchText>(
  `SELECT g.search_rowid AS rowid, l.title, l.subject, l.description
   FROM (SELECT DISTINCT search_rowid FROM search_log WHERE seq > ? AND seq <= ?) AS g
   LEFT JOIN lessons l ON l.search_rowid = g.search_rowid
   ORDER BY g.search_rowid`,
);
// One snapshot of cache.db for the log's end and the lessons read.
const readBatch = cache.transaction((from: number) => {
  const to = Math.min(lastSeq.get()!.seq, from + BATCH);
  return { to, rows: to > from ? changed.all(from, to) : [] };
});

const state = search.prepare<[], { applied_seq: number; max_rowid: number }>('SELECT applied_seq, max_rowid FROM search_state WHERE id = 1');
const saveState = search.prepare<[number, number]>('UPDATE search_state SET applied_seq = ?, max_rowid = ? WHERE id = 1');
const remove = search.prepare<[number]>('DELETE FROM lesson_search WHERE rowid = ?');
const insert = search.prepare<[number, string, string, string]>('INSERT INTO lesson_search (rowid, title, subject, description) VALUES (?, ?, ?, ?)');

// `rows` in ascending rowid order: FTS5 keeps pending writes in memory only
// while rowids ascend. A rowid above every one indexed so far has no old row
// to remove (a first sync is all such rows).
const writeBatch = search.transaction((rows: readonly SearchText[], to: number) => {
  let { max_rowid: maxRowid } = state.get()!;
  for (const row of rows) {
    if (row.rowid <= maxRowid) remove.run(row.rowid);
    if (row.title === null) continue;
    insert.run(row.rowid, foldForSearch(row.title), foldForSearch(row.subject!), foldForSearch(row.description!));
    maxRowid = Math.max(maxRowid, row.rowid);
  }
  saveState.run(to, maxRowid);
});

/** Indexes every logged change; returns the position reached. */
function catchUp(): number {
  let applied = state.get()!.applied_seq;
  for (;;) {
    const { to, rows } = readBatch(applied);
    if (to <= applied) return applied;
    writeBatch(rows, to);
    applied = to;
  }
}

/** A page the core's thread sent with its text: written as it is when it follows what is indexed, else read from the log. */
function indexPage(page: LoggedPage): number {
  const applied = state.get()!.applied_seq;
  if (applied >= page.to) return applied;
  if (applied !== page.from - 1) return catchUp();
  // A page lists its lessons in feed order; the log is read in rowid order already.
  writeBatch([...page.rows].sort((a, b) => a.rowid - b.rowid), page.to);
  return page.to;
}

function reply(message: IndexerReply): void {
  parentPort!.postMessage(message);
}

parentPort!.on('message', (request: IndexerRequest) => {
  try {
    if (request.kind === 'catchUp') {
      reply({ kind: 'applied', seq: catchUp() });
    } else if (request.kind === 'indexPage') {
      reply({ kind: 'applied', seq: indexPage(request) });
    } else if (request.kind === 'optimize') {
      // One segment again, without the tombstones of edited lessons: after
      // 5,000 edits of a 100k-lesson library a search took ~50% longer
      // (p50 1.0 → 1.5 ms) until the index was rewritten.
      search.prepare(`INSERT INTO lesson_search (lesson_search) VALUES ('optimize')`).run();
      search.pragma('wal_checkpoint(TRUNCATE)');
      reply({ kind: 'optimized' });
    } else {
      cache.close();
      search.close();
      parentPort!.close();
    }
  } catch (error) {
    reply({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
