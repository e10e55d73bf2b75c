/**
 * A core worker entry that starts but never answers `close` (as if something
 * in the core ignored the closing signal): for the bounded close of startCoreWorker.
 */
import { parentPort } from 'node:worker_threads';

parentPort!.postMessage({ kind: 'ready' });
// Keeps the thread alive until it is terminated.
setInterval(() => {}, 60_000);
