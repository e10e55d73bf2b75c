import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { DEFERRED_INDEX_SQL } from './deferred-indexes.ts';

/**
 * Upkeep of cache.db after a sync, on a connection of its own in a worker
 * thread, while the core reads and writes as usual: the deferred indexes a
 * sync left for it (deferred-indexes.ts), then a WAL checkpoint. After
 * a first sync the WAL holds the whole library (hundreds of MB); copying it
 * into the database file took ~0.8 s, and on the core's connection that
 * froze the core (every host call, the lab link) for as long. PASSIVE copies
 * without blocking writers; TRUNCATE (asked for after a large sync) then
 * gives the disk back, with almost nothing left to do.
 *
 * Upkeep killed half way (quit, crash) is safe: SQLite finishes a checkpoint
 * at the next one, and an index not built is still listed as deferred, so
 * the next sync's upkeep or the next open builds it. While the upkeep writes
 * (an index, a TRUNCATE checkpoint), a core write waits for it (busy_timeout).
 * Upkeep that fails (disk full, cache removed) leaves the WAL to SQLite's
 * automatic checkpoint at the next write; nothing is lost.
 * (search.db has its own upkeep: search/search-index-worker.ts.)
 */

export interface UpkeepWork {
  /** The WAL grew large: truncate it after the checkpoint. */
  truncateWal: boolean;
  /** Build the indexes still deferred (those a sync does not wait for). */
  restoreIndexes: boolean;
}

// The worker is a few lines of CommonJS given as source: a file of its own
// would need an entry in the Electron bundle and a path that differs between
// the source tree and the build. The driver is resolved here, by the core;
// the index steps are restoreDeferredIndexes' SQL (DEFERRED_INDEX_SQL), each
// index built and forgotten in one transaction, as there. IMMEDIATE, so the
// worker waits for a core write under way instead of being refused; an index
// that still fails (an expression only the core's connection knows) is left
// for the core, and the others and the checkpoint go on.
const UPKEEP_WORKER = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
try {
  db.pragma('busy_timeout = 5000');
  if (workerData.work.restoreIndexes) {
    const sql = workerData.indexSql;
    const exists = db.prepare(sql.exists);
    const forget = db.prepare(sql.forget);
    for (const index of db.prepare(sql.all).all()) {
      try {
        db.transaction(() => {
          forget.run(index.name);
          if (!exists.get(index.name)) db.exec(index.create_sql);
        }).immediate();
      } catch {
        // Still listed as deferred: the next sync's upkeep or the next open builds it.
      }
    }
  }
  db.pragma('wal_checkpoint(PASSIVE)');
  if (workerData.work.truncateWal) db.pragma('wal_checkpoint(TRUNCATE)');
} finally {
  db.close();
}`;

const driver = createRequire(import.meta.url).resolve('better-sqlite3');

function runUpkeep(upkeep: FileUpkeep, file: string, work: UpkeepWork): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const worker = new Worker(UPKEEP_WORKER, { eval: true, workerData: { driver, file, work, indexSql: DEFERRED_INDEX_SQL } });
    // Quitting does not wait for it (see above); closing the cache does (upkeepDone).
    if (!upkeep.awaited) worker.unref();
    upkeep.worker = worker;
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`upkeep worker exited with ${code}`))));
  });
}

/** Upkeep of one database file: the run in progress, and what was asked for meanwhile. */
interface FileUpkeep {
  done: Promise<void>;
  queued: UpkeepWork | null;
  worker: Worker | null;
  /** Someone waits for it (upkeepDone): the process stays up until it ends. */
  awaited: boolean;
}

const upkeeps = new Map<string, FileUpkeep>();

/**
 * Starts upkeep of `file` in the background. Asked for while a run is in
 * progress, the work runs once more after it (a sync that ended meanwhile
 * wrote pages the run may have missed); several such asks make one run.
 */
export function upkeepInBackground(file: string, work: UpkeepWork): void {
  const current = upkeeps.get(file);
  if (current) {
    const queued = current.queued;
    current.queued = queued
      ? { truncateWal: queued.truncateWal || work.truncateWal, restoreIndexes: queued.restoreIndexes || work.restoreIndexes }
      : work;
    return;
  }
  const upkeep: FileUpkeep = { done: Promise.resolve(), queued: work, worker: null, awaited: false };
  upkeeps.set(file, upkeep);
  upkeep.done = (async () => {
    for (let next = upkeep.queued; next; next = upkeep.queued) {
      upkeep.queued = null;
      await runUpkeep(upkeep, file, next).catch(() => {}); // see the module comment: nothing to do but leave it to SQLite
    }
    upkeeps.delete(file);
  })();
}

/** Resolves when no background upkeep of `file` is running or queued. */
export async function upkeepDone(file: string): Promise<void> {
  const upkeep = upkeeps.get(file);
  if (!upkeep) return;
  // An unref'd worker alone would let the process exit under this await.
  upkeep.awaited = true;
  upkeep.worker?.ref();
  await upkeep.done;
}
