/**
 * The PC's storage settings behind `settings.get`, `settings.set` and
 * `storage.usage`: the lesson cache quota (applied to BlobQuota) and the
 * download bandwidth cap (read by the shared DownloadThrottle on every chunk,
 * so a change or the window opening takes effect mid-download). Kept in
 * memory after `load` because the throttle asks many times a second.
 */
import { statfs } from 'node:fs/promises';
import {
  HostErrorCode,
  mayChangeDeviceSettings,
  type DeviceSettings,
  type DeviceSettingsChange,
  type Seat,
  type StorageUsage,
  type UserSummary,
} from '@sinif/shared';
import { HostFailure } from '../host/host-failure.ts';
import { capInForce, isEmptyWindow } from './blobs/bandwidth-window.ts';
import type { BlobQuota } from './blobs/blob-quota.ts';
import { bytesPerSecondOf } from './blobs/download-throttle.ts';
import { DeviceSettingsStore, type StoredDeviceSettings } from './cache/device-settings-store.ts';
import type { CacheDb } from './cache/database.ts';

/** Who is asking to change the settings: the signed-in person on this PC, or nobody. */
export type SettingsActor = { user: UserSummary; seat: Seat } | null;

async function freeDiskBytes(dir: string): Promise<number> {
  const disk = await statfs(dir).catch(() => null);
  return disk ? Math.min(Number.MAX_SAFE_INTEGER, Number(disk.bavail) * Number(disk.bsize)) : 0;
}

export class StorageSettings {
  readonly #store: DeviceSettingsStore;
  readonly #quota: BlobQuota;
  readonly #cacheDir: string;
  readonly #actor: () => Promise<SettingsActor>;
  /** The app's quota when the PC stores none (DesktopCoreOptions.quotaBytes or BlobQuota's default). */
  readonly #defaultQuotaBytes: number;
  #stored: StoredDeviceSettings = { quotaBytes: null, bandwidth: { kbps: null, window: null } };

  constructor(parts: { db: CacheDb; quota: BlobQuota; cacheDir: string; actor: () => Promise<SettingsActor> }) {
    const { db, quota, cacheDir, actor } = parts;
    this.#store = new DeviceSettingsStore(db);
    this.#quota = quota;
    this.#cacheDir = cacheDir;
    this.#actor = actor;
    this.#defaultQuotaBytes = quota.quotaBytes;
  }

  /** Reads the stored settings and applies the quota; call once when the core opens. */
  async load(): Promise<void> {
    this.#stored = await this.#store.load();
    this.#quota.setQuotaBytes(this.#stored.quotaBytes ?? this.#defaultQuotaBytes);
  }

  current(): DeviceSettings {
    const { kbps, window } = this.#stored.bandwidth;
    return { quotaBytes: this.#quota.quotaBytes, bandwidth: { kbps, window: window && { ...window } } };
  }

  /** Bytes per second all downloads together may use at `at`, or null for full speed. */
  downloadRate(at: Date = new Date()): number | null {
    const kbps = capInForce(this.#stored.bandwidth, at);
    return kbps === null ? null : bytesPerSecondOf(kbps);
  }

  /** Only a teacher or IT admin of this PC's school, signed in here, may change them (offline too: it is this PC's business). */
  async change(change: DeviceSettingsChange): Promise<DeviceSettings> {
    const actor = await this.#actor();
    if (!actor) throw new HostFailure(HostErrorCode.notSignedIn, 'Sign in as a teacher or IT admin to change this PC’s settings.');
    if (!mayChangeDeviceSettings(actor.user, actor.seat)) {
      throw new HostFailure(HostErrorCode.forbidden, 'Only teachers and IT staff of this school may change this PC’s settings.');
    }
    if (change.bandwidth?.window && isEmptyWindow(change.bandwidth.window)) {
      throw new HostFailure(HostErrorCode.invalidArgument, 'The time window is empty: its start and end are the same time.');
    }
    const next: StoredDeviceSettings = {
      quotaBytes: change.quotaBytes ?? this.#stored.quotaBytes,
      bandwidth: change.bandwidth ?? this.#stored.bandwidth,
    };
    await this.#store.save(next, actor.user.id);
    this.#stored = next;
    this.#quota.setQuotaBytes(next.quotaBytes ?? this.#defaultQuotaBytes);
    if (change.quotaBytes !== undefined) await this.#quota.trim();
    return this.current();
  }

  async usage(): Promise<StorageUsage> {
    const [figures, free] = await Promise.all([this.#store.figures(), freeDiskBytes(this.#cacheDir)]);
    return { ...figures, quotaBytes: this.#quota.quotaBytes, freeDiskBytes: free };
  }
}
