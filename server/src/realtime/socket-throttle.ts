/**
 * Per-socket token buckets, one per event class, so one noisy socket (a
 * stuck client, a child holding a key down) is slowed down alone: its excess
 * events are refused at once with TOO_MANY_REQUESTS, before any database or
 * fan-out work, and other sockets never wait behind it.
 */
export const rateClasses = {
  /** Cheap reads (whoami, join). */
  query: { capacity: 20, perSecond: 10 },
  /** Teacher commands, start/end/invite/watch: a person clicks a few times a second at most. */
  command: { capacity: 20, perSecond: 10 },
  /** Seat reports: one per command received. */
  report: { capacity: 60, perSecond: 30 },
  /** Chat and hands. */
  talk: { capacity: 10, perSecond: 2 },
  /** Thumbnail frames: a few per seat when the grid opens, then one per screen change. */
  thumbnail: { capacity: 6, perSecond: 2 },
  /** Large frames of the one screen a teacher opened: every 500 ms while it changes. */
  focusFrame: { capacity: 6, perSecond: 3 },
  /** A seat's refused sites: a page that keeps redirecting to a blocked host must not flood the teachers. */
  siteReport: { capacity: 10, perSecond: 1 },
} as const;
export type RateClass = keyof typeof rateClasses;

interface Bucket {
  tokens: number;
  at: number;
}

export class SocketThrottle {
  readonly #buckets: Partial<Record<RateClass, Bucket>> = {};
  readonly #now: () => number;

  constructor(now: () => number = performance.now.bind(performance)) {
    this.#now = now;
  }

  /** Takes one token of `rateClass`; false when the bucket is empty (refuse the event). */
  take(rateClass: RateClass): boolean {
    const { capacity, perSecond } = rateClasses[rateClass];
    const now = this.#now();
    const bucket = (this.#buckets[rateClass] ??= { tokens: capacity, at: now });
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
