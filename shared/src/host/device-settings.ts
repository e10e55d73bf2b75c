/**
 * Settings of one lab PC (host `settings.get` / `settings.set`) and its lesson
 * storage (`storage.usage`). They live in the PC's own cache, not on the
 * server: a school with a thin uplink sets a bandwidth cap for school hours so
 * library downloads never starve the live lesson, and a small disk gets a
 * smaller lesson cache.
 */
import { Type, type Static } from 'typebox';
import type { Role, Seat, UserSummary } from '../domain/people.ts';

export const MIN_QUOTA_BYTES = 256 * 1024 ** 2;
export const MAX_QUOTA_BYTES = 16 * 1024 ** 4;
/** Below 64 kbit/s a single 64 KiB network chunk takes longer than a download may stay silent. */
export const MIN_BANDWIDTH_KBPS = 64;
export const MAX_BANDWIDTH_KBPS = 1_000_000;

/** Local wall-clock time, 24-hour "HH:MM". */
export const TimeOfDay = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
export type TimeOfDay = Static<typeof TimeOfDay>;

/**
 * When the cap applies, in the PC's local time: from `from` up to (not
 * including) `to`. `from` after `to` spans midnight (22:00–06:00). With
 * `weekdaysOnly` only windows that start Monday to Friday count.
 */
export const BandwidthWindow = Type.Object(
  { from: TimeOfDay, to: TimeOfDay, weekdaysOnly: Type.Boolean() },
  { additionalProperties: false },
);
export type BandwidthWindow = Static<typeof BandwidthWindow>;

/** `kbps` null: no cap. `window` null: the cap (if any) applies around the clock. */
export const BandwidthCap = Type.Object(
  {
    kbps: Type.Union([Type.Integer({ minimum: MIN_BANDWIDTH_KBPS, maximum: MAX_BANDWIDTH_KBPS }), Type.Null()]),
    window: Type.Union([BandwidthWindow, Type.Null()]),
  },
  { additionalProperties: false },
);
export type BandwidthCap = Static<typeof BandwidthCap>;

export const DeviceSettings = Type.Object({
  /** The lesson cache's disk quota in force (the stored one, else the app's default). */
  quotaBytes: Type.Integer({ minimum: 0 }),
  bandwidth: BandwidthCap,
});
export type DeviceSettings = Static<typeof DeviceSettings>;

/** `settings.set`: what to change; what is left out keeps its value. */
export const DeviceSettingsChange = Type.Object(
  {
    quotaBytes: Type.Optional(Type.Integer({ minimum: MIN_QUOTA_BYTES, maximum: MAX_QUOTA_BYTES })),
    bandwidth: Type.Optional(BandwidthCap),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type DeviceSettingsChange = Static<typeof DeviceSettingsChange>;

export const StorageUsage = Type.Object({
  /** Bytes of verified lesson files in the cache (what the quota counts). */
  usedBytes: Type.Integer({ minimum: 0 }),
  quotaBytes: Type.Integer({ minimum: 0 }),
  /** Free space on the cache's disk for this user; 0 when it cannot be read. */
  freeDiskBytes: Type.Integer({ minimum: 0 }),
  blobCount: Type.Integer({ minimum: 0 }),
  /** Bytes of files of pinned lessons (never evicted). */
  pinnedBytes: Type.Integer({ minimum: 0 }),
});
export type StorageUsage = Static<typeof StorageUsage>;

/** Who may change a PC's settings: the school's IT staff and its teachers (not students). */
export const DEVICE_SETTINGS_ROLES: readonly Role[] = ['school_it_admin', 'teacher'];

/**
 * True when `user` may change the settings of the PC at `seat`: a teacher or
 * IT admin of that PC's own school. The core decides with this; the renderer
 * uses it only to hide the form.
 */
export function mayChangeDeviceSettings(user: Pick<UserSummary, 'roles' | 'schoolId'>, seat: Pick<Seat, 'schoolId'>): boolean {
  return user.schoolId === seat.schoolId && user.roles.some((role) => DEVICE_SETTINGS_ROLES.includes(role));
}
