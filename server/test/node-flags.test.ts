import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS, SERVER_WORKER_RESOURCE_LIMITS } from '../src/node-flags.ts';

const run = promisify(execFile);

// Allocates short-lived objects until the young generation has grown as far
// as it may, then reports its new space's size in bytes.
const NEW_SPACE_AFTER_CHURN = `
const v8 = require('node:v8');
let keep = [];
for (let i = 0; i < 3e6; i++) { keep.push({ i }); if (keep.length > 2e4) keep = []; }
const size = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
`;

describe('server node flags', () => {
  it('a worker thread with SERVER_WORKER_RESOURCE_LIMITS gets the young generation SERVER_NODE_FLAGS give the server process', async () => {
    const { stdout } = await run(process.execPath, [...SERVER_NODE_FLAGS, '-e', `${NEW_SPACE_AFTER_CHURN} console.log(size);`]);
    const processNewSpace = Number(stdout.trim());
    const workerNewSpace = await new Promise<number>((resolve, reject) => {
      const worker = new Worker(`${NEW_SPACE_AFTER_CHURN} require('node:worker_threads').parentPort.postMessage(size);`, {
        eval: true,
        resourceLimits: SERVER_WORKER_RESOURCE_LIMITS,
      });
      worker.once('message', (size: number) => void worker.terminate().then(() => resolve(size)));
      worker.once('error', reject);
    });
    expect(processNewSpace).toBeGreaterThan(0);
    expect(workerNewSpace).toBe(processNewSpace);
    // And smaller than V8's own default here, or the flag would change nothing.
    const { stdout: defaults } = await run(process.execPath, ['-e', `${NEW_SPACE_AFTER_CHURN} console.log(size);`]);
    expect(processNewSpace).toBeLessThan(Number(defaults.trim()));
  });
});
