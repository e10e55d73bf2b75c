import type { BandwidthCap } from '@sinif/shared';
import { sql } from 'kysely';
import type { CacheDb } from './database.ts';

/** What the PC stores; `quotaBytes` null = the app's default quota. */
export interface StoredDeviceSettings {
  quotaBytes: number | null;
  bandwidth: BandwidthCap;
}

export interface StorageFigures {
  usedBytes: number;
  blobCount: number;
  pinnedBytes: number;
}

const NOTHING_STORED: StoredDeviceSettings = { quotaBytes: null, bandwidth: { kbps: null, window: null } };

/** The `device_settings` row (migration 0005) and the storage figures read from the blob index. */
export class DeviceSettingsStore {
  readonly #db: CacheDb;

  constructor(db: CacheDb) {
    this.#db = db;
  }

  async load(): Promise<StoredDeviceSettings> {
    const row = await this.#db.selectFrom('device_settings').selectAll().where('id', '=', 1).executeTakeFirst();
    if (!row) return NOTHING_STORED;
    const window =
      row.window_from !== null && row.window_to !== null
        ? { from: row.window_from, to: row.window_to, weekdaysOnly: row.window_weekdays_only === 1 }
        : null;
    return { quotaBytes: row.quota_bytes, bandwidth: { kbps: row.bandwidth_kbps, window } };
  }

  async save(settings: StoredDeviceSettings, updatedBy: string | null): Promise<void> {
    const values = {
      quota_bytes: settings.quotaBytes,
      bandwidth_kbps: settings.bandwidth.kbps,
      window_from: settings.bandwidth.window?.from ?? null,
      window_to: settings.bandwidth.window?.to ?? null,
      window_weekdays_only: settings.bandwidth.window?.weekdaysOnly ? 1 : 0,
      updated_at: new Date().toISOString(),
      updated_by: updatedBy,
    };
    await this.#db
      .insertInto('device_settings')
      .values({ id: 1, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
  }

  /** Verified blobs only: a `.part` is not in the cache yet, and the quota reserves its room while it downloads. */
  async figures(): Promise<StorageFigures> {
    const blobs = await this.#db
      .selectFrom('blobs')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.coalesce(eb.fn.sum<number>('size'), sql<number>`0`).as('bytes')])
      .executeTakeFirstOrThrow();
    // A file shared by two pinned lessons is on disk once: count distinct blobs.
    const pinned = await sql<{ bytes: number }>`
      SELECT COALESCE(SUM(b.size), 0) AS bytes FROM blobs b
      WHERE EXISTS (SELECT 1 FROM lesson_resources r JOIN lesson_pins p ON p.lesson_id = r.lesson_id WHERE r.sha256 = b.sha256)`.execute(this.#db);
    return { usedBytes: Number(blobs.bytes), blobCount: Number(blobs.count), pinnedBytes: Number(pinned.rows[0]?.bytes ?? 0) };
  }
}
