/**
 * Quitting never hangs on the core's thread: close() gives the core a bounded
 * time to wind down and then terminates the worker; a core that answers
 * closes at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startCoreWorker } from '../../../src/core/worker/start-core-worker.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());
const options = async () => ({ cacheDir: await dirs.make(), appVersion: '0.1.0-test', blobUrlPrefix: '/blob/', requestTimeoutMs: 3_000 });

async function closeTimed(close: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await close();
  return performance.now() - started;
}

describe('core worker close', () => {
  it('terminates a worker that does not answer close once the close timeout passes', async () => {
    const logged: string[] = [];
    const worker = await startCoreWorker(await options(), new URL('../../support/unanswering-core-worker.ts', import.meta.url), {
      closeTimeoutMs: 300,
      logError: (message) => logged.push(message),
    });
    const ms = await closeTimed(() => worker.close());
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(2_000);
    expect(logged).toEqual(['core worker did not close in time; terminating it']);
    // The thread is gone: calls fail instead of waiting forever.
    expect((await worker.invoke('app.info', {})).ok).toBe(false);
  });

  it('closes a real core worker at once, without waiting for the timeout', async () => {
    const logged: string[] = [];
    const worker = await startCoreWorker(await options(), undefined, { closeTimeoutMs: 5_000, logError: (message) => logged.push(message) });
    expect((await worker.invoke('app.info', {})).ok).toBe(true);
    expect(await closeTimed(() => worker.close())).toBeLessThan(2_000);
    expect(logged).toEqual([]);
  });
});
