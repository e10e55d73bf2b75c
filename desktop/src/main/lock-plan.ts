/**
 * The kiosk lock as data: which lock windows must exist for a lock and a set
 * of displays, how each is built, what changes bring the open windows there,
 * and when one may close. lock-windows.ts only carries these decisions out,
 * so everything here is proven in plain Node (no run-time 'electron').
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { LabLock } from '@sinif/shared';
import { appWebPreferences } from './window-security.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The part of Electron's Display the plan needs. */
export interface DisplayArea {
  id: number;
  /** The whole display, taskbar included: the lock covers it all. */
  bounds: Rect;
}

export interface LockWindowPlan {
  displayId: number;
  bounds: Rect;
  /** The one window that takes the keyboard back when the student clicks away (the primary display's). */
  keepsFocus: boolean;
}

/** Above every normal and always-on-top window, taskbar included. */
export const LOCK_WINDOW_LEVEL = 'screen-saver' as const;

/** One lock window per display while locked ("eyes on teacher" is a lock too); none otherwise. */
export function planLockWindows(lock: LabLock | null, displays: readonly DisplayArea[], primaryId: number): LockWindowPlan[] {
  if (lock === null || displays.length === 0) return [];
  const keeper = displays.some((d) => d.id === primaryId) ? primaryId : displays[0]!.id;
  return displays.map((display) => ({ displayId: display.id, bounds: { ...display.bounds }, keepsFocus: display.id === keeper }));
}

/** Frameless, fullscreen kiosk over its display, above everything, not closable, not in the taskbar; the app window's isolation. */
export function lockWindowOptions(plan: LockWindowPlan, preloadPath: string): BrowserWindowConstructorOptions {
  return {
    ...plan.bounds,
    show: false,
    frame: false,
    kiosk: true,
    fullscreen: true,
    alwaysOnTop: true,
    closable: false,
    minimizable: false,
    maximizable: false,
    resizable: false,
    movable: false,
    skipTaskbar: true,
    focusable: true,
    autoHideMenuBar: true,
    title: 'Sinif',
    backgroundColor: '#10151c',
    // The page shows the teacher's message through the host API, like the app window; no devtools on a lock.
    webPreferences: { ...appWebPreferences(preloadPath), devTools: false },
  };
}

/** The app's own page, told by its hash to show only the lock (the same origin, CSP and sender checks apply). */
export function lockPageUrl(entryUrl: string): string {
  const url = new URL(entryUrl);
  url.hash = 'lock';
  return url.href;
}

export interface OpenLockWindow {
  displayId: number;
  bounds: Rect;
}

export interface LockWindowChanges {
  open: LockWindowPlan[];
  /** Still wanted, but their display moved or changed size. */
  move: LockWindowPlan[];
  close: number[];
}

const sameRect = (a: Rect, b: Rect) => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/** What to open, move and close so the open lock windows match the plan. */
export function reconcileLockWindows(open: readonly OpenLockWindow[], plan: readonly LockWindowPlan[]): LockWindowChanges {
  const current = new Map(open.map((w) => [w.displayId, w]));
  const wanted = new Set(plan.map((p) => p.displayId));
  return {
    open: plan.filter((p) => !current.has(p.displayId)),
    move: plan.filter((p) => {
      const window = current.get(p.displayId);
      return window !== undefined && !sameRect(window.bounds, p.bounds);
    }),
    close: open.filter((w) => !wanted.has(w.displayId)).map((w) => w.displayId),
  };
}

export interface LockCloseState {
  /** The window is still in the plan (locked, its display present). */
  wanted: boolean;
  /** The app is quitting (OS shutdown, update): the server re-locks the PC when the app is back. */
  quitting: boolean;
}

/** The student cannot close a lock window (Alt+F4, the window menu); unlocking, a removed display or quitting can. */
export function mayCloseLockWindow(state: LockCloseState): boolean {
  return !state.wanted || state.quitting;
}

export interface LockWindowFocus {
  displayId: number;
  focused: boolean;
  keepsFocus: boolean;
}

/** After a lock window lost focus: the display whose window takes it back, or null when a lock window still has it. */
export function focusAfterBlur(windows: readonly LockWindowFocus[]): number | null {
  if (windows.length === 0 || windows.some((w) => w.focused)) return null;
  return (windows.find((w) => w.keepsFocus) ?? windows[0]!).displayId;
}
