/** Messages between SearchIndexer (the core's thread) and search-index-worker.ts. */

export interface IndexerStart {
  cacheFile: string;
  searchFile: string;
}

/** A lesson's searchable text as a page committed it; null text: the lesson is gone. */
export interface SearchText {
  rowid: number;
  title: string | null;
  subject: string | null;
  description: string | null;
}

/**
 * A page's changes, logged at positions `from` to `to`, with their text: the
 * worker need not read back what the core's thread has in hand.
 */
export interface LoggedPage {
  from: number;
  to: number;
  rows: SearchText[];
}

export type IndexerRequest = { kind: 'catchUp' } | ({ kind: 'indexPage' } & LoggedPage) | { kind: 'optimize' } | { kind: 'close' };

export type IndexerReply =
  /** Every change logged up to `seq` is in search.db. */
  | { kind: 'applied'; seq: number }
  | { kind: 'optimized' }
  | { kind: 'failed'; message: string };
