/**
 * The settings form's editable text and the host call it becomes. Pure, so the
 * GB ↔ bytes and window rules are tested without a browser.
 */
import { MAX_BANDWIDTH_KBPS, MAX_QUOTA_BYTES, MIN_BANDWIDTH_KBPS, MIN_QUOTA_BYTES, type DeviceSettings, type DeviceSettingsChange } from '@sinif/shared';

export const GiB = 1024 ** 3;

export interface SettingsDraft {
  quotaGb: string;
  capOn: boolean;
  kbps: string;
  windowOn: boolean;
  from: string;
  to: string;
  weekdaysOnly: boolean;
}

/** What a new cap starts from: a few Mbit/s uplink shared by a lab, school hours on weekdays. */
const DEFAULT_KBPS = 1000;
const DEFAULT_WINDOW = { from: '08:00', to: '15:00', weekdaysOnly: true };

export const quotaGbLimits = { min: MIN_QUOTA_BYTES / GiB, max: MAX_QUOTA_BYTES / GiB };
export const kbpsLimits = { min: MIN_BANDWIDTH_KBPS, max: MAX_BANDWIDTH_KBPS };

function gbText(bytes: number): string {
  return String(Math.round((bytes / GiB) * 100) / 100);
}

export function draftOf(settings: DeviceSettings): SettingsDraft {
  const { kbps, window } = settings.bandwidth;
  return {
    quotaGb: gbText(settings.quotaBytes),
    capOn: kbps !== null,
    kbps: String(kbps ?? DEFAULT_KBPS),
    windowOn: window !== null,
    from: window?.from ?? DEFAULT_WINDOW.from,
    to: window?.to ?? DEFAULT_WINDOW.to,
    weekdaysOnly: window?.weekdaysOnly ?? DEFAULT_WINDOW.weekdaysOnly,
  };
}

/** The `settings.set` arguments for a draft; the host validates them again (and refuses an empty window). */
export function changeOf(draft: SettingsDraft): DeviceSettingsChange {
  const quotaBytes = Math.round(Number(draft.quotaGb.replace(',', '.')) * GiB);
  const window = draft.windowOn ? { from: draft.from, to: draft.to, weekdaysOnly: draft.weekdaysOnly } : null;
  return {
    quotaBytes,
    bandwidth: draft.capOn ? { kbps: Math.round(Number(draft.kbps)), window } : { kbps: null, window: null },
  };
}
