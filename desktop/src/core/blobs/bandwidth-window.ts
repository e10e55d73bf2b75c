/**
 * Whether the school-hours bandwidth cap is in force at a given moment. Pure:
 * the clock is an argument, so tests (and the throttle) decide what "now" is.
 * Times are the PC's local wall clock, as the IT admin typed them.
 */
import type { BandwidthCap, BandwidthWindow, TimeOfDay } from '@sinif/shared';

export function minutesOf(time: TimeOfDay): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** Monday..Friday in local time. */
function isWeekday(day: number): boolean {
  return day >= 1 && day <= 5;
}

/**
 * True when `at` falls inside `window`. A window spanning midnight belongs to
 * the day it starts on: with `weekdaysOnly`, Friday 22:00–06:00 covers
 * Saturday 03:00, and Sunday's does not cover Monday 03:00.
 */
export function isInWindow(window: BandwidthWindow, at: Date): boolean {
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  const now = at.getHours() * 60 + at.getMinutes();
  if (from === to) return false;
  let startDay = at.getDay();
  if (from < to) {
    if (now < from || now >= to) return false;
  } else if (now >= from) {
    // Evening part: started today.
  } else if (now < to) {
    startDay = (startDay + 6) % 7; // early-morning part: started yesterday
  } else {
    return false;
  }
  return !window.weekdaysOnly || isWeekday(startDay);
}

/** The cap in kbit/s in force at `at`, or null when downloads may run at full speed. */
export function capInForce(cap: BandwidthCap, at: Date): number | null {
  if (cap.kbps === null) return null;
  if (cap.window === null) return cap.kbps;
  return isInWindow(cap.window, at) ? cap.kbps : null;
}

/** An empty window (from = to) would never apply: refuse it rather than store a cap that silently does nothing. */
export function isEmptyWindow(window: BandwidthWindow): boolean {
  return window.from === window.to;
}
