// A search index worker that dies at its first start (when `workerData.failOnce`
// does not exist yet) and is the real one after that: SearchIndexer must
// carry on with a second worker as if the first had never been.
import { existsSync, writeFileSync } from 'node:fs';
import { workerData } from 'node:worker_threads';

const { failOnce } = workerData as { failOnce: string };
if (!existsSync(failOnce)) {
  writeFileSync(failOnce, 'failed once');
  throw new Error('search index worker failed at start');
}
await import('../../src/core/search/search-index-worker.ts');
