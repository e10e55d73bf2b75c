/**
 * This PC's view of its lab from the server: the lab's peer secret and the
 * classmates online. Cached, because the peer server checks every request
 * against the secret and must keep working while the server is unreachable
 * (then the last secret stays in use). A revoked classmate is refused once
 * the cache is refreshed, i.e. within `maxAgeMs`.
 */
import type { LabPeers } from '@sinif/shared';
import type { Enrolment } from '../cache/enrolment-store.ts';
import type { ServerClient } from '../server-client.ts';

export const LAB_DIRECTORY_MAX_AGE_MS = 60_000;
/** Forced refreshes (unknown proof, 403 from a peer) happen at most this often; callers in between share the next one. */
const FORCED_REFRESH_MIN_INTERVAL_MS = 1_000;
const REFRESH_TIMEOUT_MS = 5_000;

export interface LabDirectoryOptions {
  client: ServerClient;
  enrolment: () => Promise<Enrolment | null>;
  maxAgeMs?: number;
}

export class LabDirectory {
  readonly #options: LabDirectoryOptions;
  readonly #maxAgeMs: number;
  #cached: { value: LabPeers; serverUrl: string; deviceToken: string; fetchedAt: number } | null = null;
  #refreshing: Promise<LabPeers | null> | null = null;
  #forcedAt = 0;
  #forced: Promise<LabPeers | null> | null = null;

  constructor(options: LabDirectoryOptions) {
    this.#options = options;
    this.#maxAgeMs = options.maxAgeMs ?? LAB_DIRECTORY_MAX_AGE_MS;
  }

  /** The lab as last known, refreshed when older than maxAgeMs; null when not enrolled or never reachable. */
  async current(): Promise<LabPeers | null> {
    const enrolment = await this.#options.enrolment();
    if (!enrolment) {
      this.#cached = null;
      return null;
    }
    const cached = this.#cached;
    const sameEnrolment = cached?.serverUrl === enrolment.serverUrl && cached.deviceToken === enrolment.deviceToken;
    if (cached && sameEnrolment && Date.now() - cached.fetchedAt < this.#maxAgeMs) return cached.value;
    const fresh = await this.#refresh(enrolment);
    return fresh ?? (sameEnrolment ? (cached?.value ?? null) : null);
  }

  /**
   * Refreshes as soon as the throttle allows (so a flood of bad proofs turns
   * into one server call a second, not one each); true when the secret changed.
   */
  async refreshNow(): Promise<boolean> {
    const before = this.#cached?.value.secret;
    this.#forced ??= (async () => {
      const wait = this.#forcedAt + FORCED_REFRESH_MIN_INTERVAL_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.#forcedAt = Date.now();
      this.#forced = null;
      const enrolment = await this.#options.enrolment();
      return enrolment ? this.#refresh(enrolment) : null;
    })();
    const fresh = await this.#forced;
    return fresh !== null && fresh.secret !== before;
  }

  #refresh(enrolment: Enrolment): Promise<LabPeers | null> {
    this.#refreshing ??= this.#options.client
      .labPeers(enrolment.serverUrl, enrolment.deviceToken, AbortSignal.timeout(REFRESH_TIMEOUT_MS))
      .then(
        (value) => {
          this.#cached = { value, serverUrl: enrolment.serverUrl, deviceToken: enrolment.deviceToken, fetchedAt: Date.now() };
          return value;
        },
        () => null,
      )
      .finally(() => {
        this.#refreshing = null;
      });
    return this.#refreshing;
  }
}
