import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import type { IndexerReply, IndexerRequest, IndexerStart, LoggedPage } from './search-indexer-protocol.ts';

/**
 * Keeps search.db in step with the lessons, from a worker thread
 * (search-index-worker.ts), while the core's thread goes on writing cache.db.
 *
 * Why a thread: indexing is a third of a first sync's work on the core's
 * thread (100k lessons: folding and FTS5 writes ~0.6–0.8 s of ~2.5 s), and a
 * second writer can only run beside the core's if it writes another file
 * (search-index-db.ts). Two connections taking turns on cache.db were slower
 * than one: each commit empties the other connection's page cache.
 *
 * Searches wait for the index to hold every change committed before they
 * started (`current`), so a search never misses a lesson the library already
 * lists; a sync ends only once its changes are searchable.
 */
type Owed = { resolve: (reply: IndexerReply) => void; reject: (error: Error) => void };

/** A worker thread and the replies it owes, in the order of the requests. */
interface Running {
  worker: Worker;
  owed: Owed[];
}

export class SearchIndexer {
  readonly #start: IndexerStart;
  readonly #entry: URL;
  #running: Running | null = null;
  #drained: (() => void)[] = [];
  #applied: number;
  #logged: number;
  /** Catch-up and page requests not answered yet. */
  #indexing = 0;
  #catchingUp = false;
  #closed = false;
  #waiters: { seq: number; resolve: () => void; reject: (error: Error) => void }[] = [];

  constructor(start: IndexerStart, entry: URL, applied: number, logged: number) {
    this.#start = start;
    this.#entry = entry;
    this.#applied = applied;
    this.#logged = logged;
    if (logged > applied) this.#catchUp();
  }

  /** The log position search.db has reached: cache.db may drop log entries up to here. */
  get applied(): number {
    return this.#applied;
  }

  /**
   * Changes up to log position `seq` are committed in cache.db: index them,
   * from `page` when given (the worker then reads nothing back), else from the log.
   */
  logged(seq: number, page?: LoggedPage): void {
    this.#logged = Math.max(this.#logged, seq);
    if (page) this.#track(this.#request({ kind: 'indexPage', ...page }));
    else if (this.#logged > this.#applied) this.#catchUp();
  }

  /** Resolves once every change logged so far is searchable; rejects if indexing failed (disk full). */
  current(): Promise<void> {
    const seq = this.#logged;
    if (this.#applied >= seq) return Promise.resolve();
    if (this.#closed) return Promise.reject(new Error('search index closed'));
    const current = new Promise<void>((resolve, reject) => this.#waiters.push({ seq, resolve, reject }));
    // Nothing under way (the last attempt failed): try again, so this settles.
    if (this.#indexing === 0) this.#catchUp();
    return current;
  }

  /** Rewrites the index into one segment, in the background (after a sync). */
  optimize(): void {
    this.#request({ kind: 'optimize' }).catch(() => {}); // a failed rewrite leaves the index as it was: still correct
  }

  /** Resolves when the worker has nothing left to do. */
  async idle(): Promise<void> {
    if (this.#owed() > 0) await new Promise<void>((resolve) => this.#drained.push(resolve));
  }

  /** Waits for the work under way, then stops the worker; later requests fail. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.idle();
    const running = this.#running;
    if (!running) return;
    this.#running = null;
    const exited = new Promise((resolve) => running.worker.once('exit', resolve));
    running.worker.ref(); // closing waits for the exit
    running.worker.postMessage({ kind: 'close' } satisfies IndexerRequest);
    await exited;
  }

  #owed(): number {
    return this.#running?.owed.length ?? 0;
  }

  #catchUp(): void {
    if (this.#catchingUp || this.#closed) return;
    this.#catchingUp = true;
    this.#track(this.#request({ kind: 'catchUp' }).finally(() => (this.#catchingUp = false)));
  }

  #track(reply: Promise<IndexerReply>): void {
    this.#indexing += 1;
    reply.then(
      (reply) => {
        this.#indexing -= 1;
        if (reply.kind === 'applied') this.#applied = Math.max(this.#applied, reply.seq);
        this.#waiters = this.#waiters.filter((w) => (w.seq <= this.#applied ? (w.resolve(), false) : true));
        // Changes committed while the worker read the log: once more.
        if (this.#logged > this.#applied && this.#indexing === 0) this.#catchUp();
      },
      (error: Error) => {
        this.#indexing -= 1;
        for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
      },
    );
  }

  #request(request: IndexerRequest): Promise<IndexerReply> {
    if (this.#closed) return Promise.reject(new Error('search index closed'));
    const running = this.#started();
    return new Promise<IndexerReply>((resolve, reject) => {
      running.owed.push({ resolve, reject });
      running.worker.ref(); // a reply is owed: keep the process alive for it
      running.worker.postMessage(request);
    });
  }

  #started(): Running {
    if (this.#running) return this.#running;
    const worker = new Worker(this.#entry, { workerData: this.#start satisfies IndexerStart });
    const running: Running = { worker, owed: [] };
    worker.on('message', (reply: IndexerReply) => {
      const owed = running.owed.shift();
      if (reply.kind === 'failed') owed?.reject(new Error(`search index: ${reply.message}`));
      else owed?.resolve(reply);
      this.#settled(running);
    });
    // 'error' and then 'exit' for one death: only the first counts, and only
    // for this worker's own requests (a new page may have started another).
    let dead = false;
    const gone = (error: Error) => {
      if (dead) return;
      dead = true;
      if (this.#running === running) this.#running = null; // the next request starts another
      for (const owed of running.owed.splice(0)) owed.reject(error);
      this.#settled(running);
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`search index worker exited (code ${code})`)));
    this.#running = running;
    return running;
  }

  #settled(running: Running): void {
    if (running.owed.length > 0) return;
    running.worker.unref(); // idle: quitting does not wait for it
    if (this.#owed() === 0) for (const resolve of this.#drained.splice(0)) resolve();
  }
}

const indexers = new WeakMap<Database.Database, SearchIndexer>();

export function registerSearchIndexer(sqlite: Database.Database, indexer: SearchIndexer): void {
  indexers.set(sqlite, indexer);
}

/** The indexer of a cache opened by openCacheDb (none for a raw one, which tests step through migrations). */
export function searchIndexerOf(sqlite: Database.Database): SearchIndexer | undefined {
  return indexers.get(sqlite);
}

/** The worker's file when running from source; a bundled build passes its own (electron.vite.config.ts). */
export function searchIndexWorkerEntry(): URL {
  return new URL('./search-index-worker.ts', import.meta.url);
}
