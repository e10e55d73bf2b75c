/**
 * One token bucket shared by every blob download of the PC (from the server
 * and from lab classmates alike), so a cap of N kbit/s holds for the sum of
 * the concurrent downloads, not for each of them.
 *
 * Hand-written on purpose: what is installed has no byte-rate limiter
 * (p-limit bounds concurrency, not bytes per second), the npm ones (limiter,
 * bottleneck, stream-throttle) would be new dependencies, and none reads a
 * rate that changes while it runs (the school-hours window opens and closes,
 * an IT admin lowers the cap mid-download). It is a few lines: tokens refill
 * at the rate up to a small burst, a take that overdraws waits for the debt.
 */

/**
 * What the blob store needs: wait until `bytes` more may be written. The wait
 * rejects with `signal.reason` as soon as `signal` aborts (the app is closing:
 * a long wait under a low cap must not hold up quitting).
 */
export interface ByteThrottle {
  take(bytes: number, signal?: AbortSignal): Promise<void>;
}

export interface DownloadThrottleOptions {
  /** Bytes per second allowed now, or null for no cap; asked on every take. */
  rate: () => number | null;
  /** Milliseconds on a monotonic clock (default performance.now). */
  now?: () => number;
}

/** A quarter second of traffic, at least 16 KiB: smooth enough, and a lone small file is not slowed at all. */
export function burstBytesOf(bytesPerSecond: number): number {
  return Math.max(16 * 1024, Math.round(bytesPerSecond / 4));
}

export function bytesPerSecondOf(kbps: number): number {
  return (kbps * 1000) / 8;
}

export class DownloadThrottle implements ByteThrottle {
  readonly #rate: () => number | null;
  readonly #now: () => number;
  /** Takes are served in order, so concurrent downloads share the rate fairly. */
  #queue: Promise<void> = Promise.resolve();
  #tokens = Number.POSITIVE_INFINITY;
  #refilledAt: number;

  constructor(options: DownloadThrottleOptions) {
    this.#rate = options.rate;
    this.#now = options.now ?? (() => performance.now());
    this.#refilledAt = this.#now();
  }

  take(bytes: number, signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(() => this.#admit(bytes, signal));
    this.#queue = turn.catch(() => {});
    // Queued behind other takes, an aborted one still rejects at once; its turn then passes without taking tokens.
    return signal ? untilAborted(turn, signal) : turn;
  }

  async #admit(bytes: number, signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    const rate = this.#rate();
    const now = this.#now();
    if (rate === null || rate <= 0) {
      // Uncapped: the bucket stays full, so the cap starts with only a burst when it comes into force.
      this.#tokens = Number.POSITIVE_INFINITY;
      this.#refilledAt = now;
      return;
    }
    const refill = ((now - this.#refilledAt) / 1000) * rate;
    this.#tokens = Math.min(burstBytesOf(rate), this.#tokens + refill) - bytes;
    this.#refilledAt = now;
    // An aborted wait keeps its debt: those bytes did come over the network.
    if (this.#tokens < 0) await sleep((-this.#tokens / rate) * 1000, signal);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `work`, or its signal's reason as soon as the signal aborts, whichever comes first. */
function untilAborted(work: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason as unknown);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason as unknown);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
