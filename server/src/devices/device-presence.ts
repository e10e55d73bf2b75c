/**
 * "Last seen" of each PC, written at most once a minute per device: every
 * authenticated request from a lab PC would otherwise be a database write.
 */
import type { StoreDb } from '../db/store.ts';

export const PRESENCE_WRITE_INTERVAL_MS = 60_000;

export class DevicePresence {
  readonly #db: StoreDb;
  readonly #lastWrite = new Map<string, number>();
  readonly #now: () => number;

  constructor(db: StoreDb, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  async seen(deviceId: string, address: string | null): Promise<void> {
    const now = this.#now();
    const last = this.#lastWrite.get(deviceId);
    if (last !== undefined && now - last < PRESENCE_WRITE_INTERVAL_MS) return;
    this.#lastWrite.set(deviceId, now);
    await this.#db
      .updateTable('devices')
      .set({ last_seen_at: new Date(now).toISOString(), last_address: address })
      .where('id', '=', deviceId)
      .execute();
  }

  /** Forget a device's last write, so its next request records at once (after a move or report). */
  forget(deviceId: string): void {
    this.#lastWrite.delete(deviceId);
  }
}
