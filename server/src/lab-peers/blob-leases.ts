/**
 * Who in a lab is fetching a blob from the server right now. The first PC to
 * ask gets the lease and downloads; its classmates wait and then copy from it,
 * so the blob crosses the uplink once. A lease lapses after BLOB_LEASE_MS
 * unless its holder asks again (it does so while downloading), so a PC that
 * dies mid-download holds up the others for at most that long.
 *
 * In memory: a lost lease only costs one extra download, and one server
 * process serves a school's labs.
 */
export const BLOB_LEASE_MS = 30_000;

interface Lease {
  deviceId: string;
  expiresAt: number;
}

export type LeaseOutcome = { granted: true; leaseMs: number } | { granted: false; holderId: string };

export class BlobLeases {
  readonly #leases = new Map<string, Lease>();
  readonly #leaseMs: number;
  #sweptAt = 0;

  constructor(leaseMs = BLOB_LEASE_MS) {
    this.#leaseMs = leaseMs;
  }

  /** Grants (or renews) the lease on `sha256` in `labId` to `deviceId`, unless a classmate holds it. */
  acquire(labId: string, sha256: string, deviceId: string, now = Date.now()): LeaseOutcome {
    this.#sweep(now);
    const key = `${labId}:${sha256}`;
    const lease = this.#leases.get(key);
    if (lease && lease.expiresAt > now && lease.deviceId !== deviceId) return { granted: false, holderId: lease.deviceId };
    this.#leases.set(key, { deviceId, expiresAt: now + this.#leaseMs });
    return { granted: true, leaseMs: this.#leaseMs };
  }

  release(labId: string, sha256: string, deviceId: string): void {
    const key = `${labId}:${sha256}`;
    if (this.#leases.get(key)?.deviceId === deviceId) this.#leases.delete(key);
  }

  get size(): number {
    return this.#leases.size;
  }

  /** Drops lapsed leases now and then, so abandoned ones do not pile up. */
  #sweep(now: number): void {
    if (now - this.#sweptAt < this.#leaseMs) return;
    this.#sweptAt = now;
    for (const [key, lease] of this.#leases) if (lease.expiresAt <= now) this.#leases.delete(key);
  }
}
