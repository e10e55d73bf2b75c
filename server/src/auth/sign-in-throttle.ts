/**
 * Brute-force brakes on password sign-in, in two dimensions:
 *
 * - per account (the username as typed): a few free failures, then each
 *   further failure doubles a wait (1 s, 2 s, 4 s... capped). This is what
 *   stops guessing one person's password; a success clears it.
 * - per address: a generous budget of FAILURES per window. A lab is 30 PCs
 *   behind one NAT address, so successes never count and the budget is far
 *   above what a class of typo-prone children produces; it only stops one
 *   address spraying guesses over many accounts.
 *
 * State is in memory: one server process (the embedded default) restarts
 * with clean slates, which only helps the legitimate user. A multi-node
 * deployment would move these counters to the shared Redis.
 */

export interface SignInThrottleOptions {
  /** Failures per account before waits start. */
  accountFreeFailures: number;
  accountBaseDelayMs: number;
  accountMaxDelayMs: number;
  /** Failed sign-ins allowed from one address per window. */
  addressFailureBudget: number;
  addressWindowMs: number;
}

export const defaultSignInThrottle: SignInThrottleOptions = {
  accountFreeFailures: 5,
  accountBaseDelayMs: 1_000,
  accountMaxDelayMs: 15 * 60_000,
  addressFailureBudget: 200,
  addressWindowMs: 10 * 60_000,
};

interface AccountState {
  failures: number;
  blockedUntil: number;
  lastFailure: number;
}
interface AddressState {
  windowStart: number;
  failures: number;
}

/** Bounds memory under an attack with endless made-up usernames. */
const MAX_TRACKED = 50_000;

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; reason: 'account' | 'address' };

export class SignInThrottle {
  readonly options: SignInThrottleOptions;
  readonly #accounts = new Map<string, AccountState>();
  readonly #addresses = new Map<string, AddressState>();
  readonly #now: () => number;

  constructor(options: Partial<SignInThrottleOptions> = {}, now: () => number = Date.now) {
    this.options = { ...defaultSignInThrottle, ...options };
    this.#now = now;
  }

  check(account: string, address: string): ThrottleVerdict {
    const now = this.#now();
    const place = this.#addresses.get(address);
    if (place && now - place.windowStart < this.options.addressWindowMs && place.failures >= this.options.addressFailureBudget) {
      return { allowed: false, reason: 'address', retryAfterSeconds: seconds(place.windowStart + this.options.addressWindowMs - now) };
    }
    const state = this.#accounts.get(account);
    if (state && state.blockedUntil > now) {
      return { allowed: false, reason: 'account', retryAfterSeconds: seconds(state.blockedUntil - now) };
    }
    return { allowed: true };
  }

  recordFailure(account: string, address: string): void {
    const now = this.#now();
    this.#prune(now);
    let place = this.#addresses.get(address);
    if (!place || now - place.windowStart >= this.options.addressWindowMs) {
      place = { windowStart: now, failures: 0 };
      this.#addresses.set(address, place);
    }
    place.failures += 1;

    const state = this.#accounts.get(account) ?? { failures: 0, blockedUntil: 0, lastFailure: now };
    state.failures += 1;
    state.lastFailure = now;
    const over = state.failures - this.options.accountFreeFailures;
    if (over > 0) {
      const delay = Math.min(this.options.accountMaxDelayMs, this.options.accountBaseDelayMs * 2 ** Math.min(over - 1, 30));
      state.blockedUntil = now + delay;
    }
    this.#accounts.set(account, state);
  }

  recordSuccess(account: string): void {
    this.#accounts.delete(account);
  }

  #prune(now: number): void {
    if (this.#accounts.size >= MAX_TRACKED) {
      // An account idle for the longest wait has nothing left to remember.
      for (const [key, state] of this.#accounts) {
        if (state.blockedUntil <= now && now - state.lastFailure > this.options.accountMaxDelayMs) this.#accounts.delete(key);
      }
      if (this.#accounts.size >= MAX_TRACKED) this.#accounts.clear();
    }
    if (this.#addresses.size >= MAX_TRACKED) {
      for (const [key, place] of this.#addresses) {
        if (now - place.windowStart >= this.options.addressWindowMs) this.#addresses.delete(key);
      }
    }
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
