import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * A WAL checkpoint on a connection of its own, in a worker thread. After a
 * first sync the WAL holds the whole library (hundreds of MB); copying it
 * into the database file took ~0.8 s, and on the core's connection that froze
 * the core (every host call, the lab link) for as long. Meanwhile the core
 * reads and writes as usual: PASSIVE copies without blocking writers, and the
 * TRUNCATE after it (which gives the disk back) has almost nothing left to do.
 *
 * A checkpoint killed half way (quit, crash) is safe: SQLite finishes it at
 * the next one. One that fails (disk full, cache removed) leaves the WAL to
 * SQLite's automatic checkpoint at the next write; nothing is lost either way.
 */

// The worker is a few lines of CommonJS given as source: a file of its own
// would need an entry in the Electron bundle and a path that differs between
// the source tree and the build. The driver is resolved here, by the core.
const CHECKPOINT_WORKER = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
try {
  db.pragma('busy_timeout = 5000');
  db.pragma('wal_checkpoint(PASSIVE)');
  db.pragma('wal_checkpoint(TRUNCATE)');
} finally {
  db.close();
}`;

const driver = createRequire(import.meta.url).resolve('better-sqlite3');

/** Running checkpoints by database file. */
const running = new Map<string, Promise<void>>();

function runCheckpoint(file: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const worker = new Worker(CHECKPOINT_WORKER, { eval: true, workerData: { driver, file } });
    // Quitting does not wait for it (see above); closing the cache does (checkpointDone).
    worker.unref();
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`checkpoint worker exited with ${code}`))));
  });
}

/** Starts a checkpoint of `file`'s WAL in the background, unless one is running. */
export function checkpointInBackground(file: string): void {
  if (running.has(file)) return;
  const done = runCheckpoint(file)
    .catch(() => {}) // see the module comment: nothing to do but leave it to SQLite
    .finally(() => running.delete(file));
  running.set(file, done);
}

/** Resolves when no background checkpoint of `file` is running. */
export async function checkpointDone(file: string): Promise<void> {
  await running.get(file);
}
