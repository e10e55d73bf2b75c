import { describe, expect, it } from 'vitest';
import {
  LOCK_WINDOW_LEVEL,
  focusAfterBlur,
  lockPageUrl,
  lockWindowOptions,
  mayCloseLockWindow,
  planLockWindows,
  reconcileLockWindows,
  type DisplayArea,
} from '../../src/main/lock-plan.ts';
import { SECURE_WEB_PREFERENCES } from '../../src/main/window-security.ts';

const lock = { mode: 'lock', message: 'Gözlər lövhəyə' } as const;
const laptop: DisplayArea = { id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 } };
const projector: DisplayArea = { id: 2, bounds: { x: 1366, y: 0, width: 1920, height: 1080 } };
const above: DisplayArea = { id: 3, bounds: { x: 0, y: -1080, width: 1920, height: 1080 } };

describe('lock window plan', () => {
  it('covers every display whole, with the primary display keeping focus', () => {
    expect(planLockWindows(lock, [laptop, projector, above], 2)).toEqual([
      { displayId: 1, bounds: laptop.bounds, keepsFocus: false },
      { displayId: 2, bounds: projector.bounds, keepsFocus: true },
      { displayId: 3, bounds: above.bounds, keepsFocus: false },
    ]);
  });

  it('locks for "eyes on teacher" too, and plans nothing when unlocked', () => {
    expect(planLockWindows({ mode: 'eyesOnTeacher', message: null }, [laptop], 1)).toHaveLength(1);
    expect(planLockWindows(null, [laptop, projector], 1)).toEqual([]);
  });

  it('lets the first display keep focus when the primary one is not listed (it was just unplugged)', () => {
    expect(planLockWindows(lock, [projector, above], 1).map((p) => p.keepsFocus)).toEqual([true, false]);
  });
});

describe('lock window options', () => {
  const [plan] = planLockWindows(lock, [projector], 2);
  const options = lockWindowOptions(plan!, '/app/out/preload/index.cjs');

  it('is a frameless kiosk over its own display that the student cannot close, move or find in the taskbar', () => {
    expect(options).toMatchObject({
      ...projector.bounds,
      frame: false,
      kiosk: true,
      fullscreen: true,
      alwaysOnTop: true,
      closable: false,
      minimizable: false,
      movable: false,
      resizable: false,
      skipTaskbar: true,
      focusable: true,
    });
    expect(LOCK_WINDOW_LEVEL).toBe('screen-saver');
  });

  it("keeps the app window's isolation (and no devtools)", () => {
    expect(options.webPreferences).toMatchObject({ ...SECURE_WEB_PREFERENCES, preload: '/app/out/preload/index.cjs', devTools: false });
  });

  it("loads the app's own page, told by its hash to show the lock", () => {
    expect(lockPageUrl('file:///opt/sinif/out/renderer/index.html')).toBe('file:///opt/sinif/out/renderer/index.html#lock');
    expect(lockPageUrl('http://localhost:5173/')).toBe('http://localhost:5173/#lock');
  });
});

describe('lock window reconciliation', () => {
  const open = (...displays: DisplayArea[]) => displays.map((d) => ({ displayId: d.id, bounds: d.bounds }));

  it('opens one window per display on lock and closes them all on unlock', () => {
    expect(reconcileLockWindows([], planLockWindows(lock, [laptop, projector], 1))).toMatchObject({ open: [{ displayId: 1 }, { displayId: 2 }], move: [], close: [] });
    expect(reconcileLockWindows(open(laptop, projector), planLockWindows(null, [laptop, projector], 1))).toEqual({ open: [], move: [], close: [1, 2] });
  });

  it('follows displays: a new one gets a window, an unplugged one loses it, a resized one is moved', () => {
    const resized = { ...laptop, bounds: { ...laptop.bounds, width: 1920, height: 1080 } };
    const changes = reconcileLockWindows(open(laptop, projector), planLockWindows(lock, [resized, above], 1));
    expect(changes.open.map((p) => p.displayId)).toEqual([3]);
    expect(changes.move).toEqual([{ displayId: 1, bounds: resized.bounds, keepsFocus: true }]);
    expect(changes.close).toEqual([2]);
  });

  it('changes nothing when the plan already holds (a new lock message only updates the page)', () => {
    expect(reconcileLockWindows(open(laptop), planLockWindows(lock, [laptop], 1))).toEqual({ open: [], move: [], close: [] });
  });
});

describe('closing and focus', () => {
  it('refuses the student closing a wanted lock window; unlocking, an unplugged display or quitting may', () => {
    expect(mayCloseLockWindow({ wanted: true, quitting: false })).toBe(false);
    expect(mayCloseLockWindow({ wanted: false, quitting: false })).toBe(true);
    expect(mayCloseLockWindow({ wanted: true, quitting: true })).toBe(true);
  });

  it('takes focus back to the keeper when no lock window has it, and leaves it where a lock window holds it', () => {
    expect(focusAfterBlur([{ displayId: 1, focused: false, keepsFocus: false }, { displayId: 2, focused: false, keepsFocus: true }])).toBe(2);
    expect(focusAfterBlur([{ displayId: 1, focused: true, keepsFocus: false }, { displayId: 2, focused: false, keepsFocus: true }])).toBeNull();
    expect(focusAfterBlur([])).toBeNull();
  });
});
