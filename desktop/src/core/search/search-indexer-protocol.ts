/** Messages between SearchIndexer (the core's thread) and search-index-worker.ts. */

export interface IndexerStart {
  cacheFile: string;
  searchFile: string;
}

export type IndexerRequest = { kind: 'catchUp' } | { kind: 'optimize' } | { kind: 'close' };

export type IndexerReply =
  /** Every change logged up to `seq` is in search.db. */
  | { kind: 'applied'; seq: number }
  | { kind: 'optimized' }
  | { kind: 'failed'; message: string };
