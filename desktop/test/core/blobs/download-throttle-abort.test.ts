/**
 * A wait for the bandwidth cap ends the moment its signal aborts (the app is
 * closing), whether it is sleeping off its own debt or queued behind another
 * download's, and the takes of other downloads keep their order and pace.
 */
import { describe, expect, it } from 'vitest';
import { DownloadThrottle, bytesPerSecondOf } from '../../../src/core/blobs/download-throttle.ts';

const rate = bytesPerSecondOf(64); // 8,000 bytes/s: 64 KiB costs ~6 s
const closing = () => new Error('closing');

async function settledWithin<T>(work: Promise<T>): Promise<{ ms: number; outcome: unknown }> {
  const started = performance.now();
  const outcome = await work.then(
    () => 'resolved',
    (error: unknown) => error,
  );
  return { ms: performance.now() - started, outcome };
}

describe('DownloadThrottle.take with a signal', () => {
  it('rejects a long wait with the signal reason as soon as the signal aborts', async () => {
    const throttle = new DownloadThrottle({ rate: () => rate });
    const stop = new AbortController();
    const reason = closing();
    const waiting = throttle.take(64 * 1024, stop.signal);
    setTimeout(() => stop.abort(reason), 50);
    const { ms, outcome } = await settledWithin(waiting);
    expect(outcome).toBe(reason);
    expect(ms).toBeLessThan(500);
  });

  it('rejects at once when the signal was aborted before the take', async () => {
    const throttle = new DownloadThrottle({ rate: () => rate });
    const reason = closing();
    const { ms, outcome } = await settledWithin(throttle.take(1, AbortSignal.abort(reason)));
    expect(outcome).toBe(reason);
    expect(ms).toBeLessThan(100);
  });

  it('rejects a take queued behind another download at once, and that other take still waits its turn', async () => {
    const throttle = new DownloadThrottle({ rate: () => rate });
    const other = new AbortController();
    // The other download's debt: about 1 s after the 16 KiB burst.
    const first = settledWithin(throttle.take(16 * 1024 + 8_000, other.signal));
    const stop = new AbortController();
    const reason = closing();
    const queued = throttle.take(64 * 1024, stop.signal);
    setTimeout(() => stop.abort(reason), 50);
    const aborted = await settledWithin(queued);
    expect(aborted.outcome).toBe(reason);
    expect(aborted.ms).toBeLessThan(500);
    const done = await first;
    expect(done.outcome).toBe('resolved');
    expect(done.ms).toBeGreaterThan(800);
    // The aborted take took no tokens: the next one pays only the first's debt, already slept off.
    const next = await settledWithin(throttle.take(1_000));
    expect(next.outcome).toBe('resolved');
    expect(next.ms).toBeLessThan(300);
  });

  it('without a signal, waits out the debt as before', async () => {
    const throttle = new DownloadThrottle({ rate: () => rate });
    await throttle.take(16 * 1024); // the burst
    const { ms, outcome } = await settledWithin(throttle.take(2_000));
    expect(outcome).toBe('resolved');
    expect(ms).toBeGreaterThan(200);
  });
});
