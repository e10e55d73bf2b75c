/**
 * Sites this seat refused under the allowlist: the last one is the
 * student's notice (`LabView.blockedSite`); each is reported to the teachers
 * as its host only, at most once per host every few seconds, because a page
 * that keeps redirecting to a blocked host would otherwise report on a loop.
 */
import type { LabBlockedSite } from '@sinif/shared';

export const REPORT_QUIET_MS = 5_000;

export class BlockedSiteLog {
  #last: LabBlockedSite | null = null;
  readonly #reportedAt = new Map<string, number>();
  readonly #quietMs: number;

  constructor(quietMs = REPORT_QUIET_MS) {
    this.#quietMs = quietMs;
  }

  /** Records a refusal; true when the teachers should hear about it now. */
  refused(host: string, now = new Date()): boolean {
    this.#last = { host, at: now.toISOString() };
    const before = this.#reportedAt.get(host);
    if (before !== undefined && now.getTime() - before < this.#quietMs) return false;
    this.#reportedAt.set(host, now.getTime());
    return true;
  }

  /** A report that did not reach the server may be sent again at the next refusal. */
  unreported(host: string): void {
    this.#reportedAt.delete(host);
  }

  last(): LabBlockedSite | null {
    return this.#last;
  }

  clear(): void {
    this.#last = null;
    this.#reportedAt.clear();
  }
}
