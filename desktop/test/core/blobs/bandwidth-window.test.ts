import { describe, expect, it } from 'vitest';
import { capInForce, isInWindow } from '../../../src/core/blobs/bandwidth-window.ts';

// Local-time dates (the window is the PC's wall clock): 2026-01-05 is a Monday.
const monday = (h: number, m = 0) => new Date(2026, 0, 5, h, m);
const friday = (h: number, m = 0) => new Date(2026, 0, 9, h, m);
const saturday = (h: number, m = 0) => new Date(2026, 0, 10, h, m);
const sunday = (h: number, m = 0) => new Date(2026, 0, 11, h, m);

const schoolHours = { from: '08:00', to: '15:00', weekdaysOnly: true };
const overnight = { from: '22:00', to: '06:00', weekdaysOnly: true };

describe('bandwidth window', () => {
  it('applies from the start minute up to, not including, the end minute', () => {
    expect(isInWindow(schoolHours, monday(7, 59))).toBe(false);
    expect(isInWindow(schoolHours, monday(8, 0))).toBe(true);
    expect(isInWindow(schoolHours, monday(14, 59))).toBe(true);
    expect(isInWindow(schoolHours, monday(15, 0))).toBe(false);
  });

  it('with weekdaysOnly skips Saturday and Sunday; without it applies every day', () => {
    expect(isInWindow(schoolHours, saturday(10))).toBe(false);
    expect(isInWindow(schoolHours, sunday(10))).toBe(false);
    expect(isInWindow({ ...schoolHours, weekdaysOnly: false }, saturday(10))).toBe(true);
  });

  it('spans midnight when it starts after it ends, counting the day it started on', () => {
    expect(isInWindow(overnight, monday(23))).toBe(true);
    expect(isInWindow(overnight, monday(5, 59))).toBe(false); // started Sunday night: not a weekday window
    expect(isInWindow(overnight, friday(23, 30))).toBe(true);
    expect(isInWindow(overnight, saturday(3))).toBe(true); // Friday night's window
    expect(isInWindow(overnight, saturday(23))).toBe(false);
    expect(isInWindow(overnight, monday(12))).toBe(false);
  });

  it('puts the cap in force only inside its window, always without one, never without a cap', () => {
    expect(capInForce({ kbps: 512, window: schoolHours }, monday(9))).toBe(512);
    expect(capInForce({ kbps: 512, window: schoolHours }, monday(16))).toBeNull();
    expect(capInForce({ kbps: 512, window: null }, sunday(3))).toBe(512);
    expect(capInForce({ kbps: null, window: schoolHours }, monday(9))).toBeNull();
  });
});
