/**
 * The kiosk lock in Electron: one lock window over every display while the
 * seat is locked, re-planned when displays come, go or change. The state
 * lives here in the main process (fed by the core), so reloading or
 * crashing a renderer unlocks nothing. Decisions: lock-plan.ts.
 */
import { BrowserWindow, screen, type WebContents } from 'electron';
import type { LabLock } from '@sinif/shared';
import {
  LOCK_WINDOW_LEVEL,
  focusAfterBlur,
  lockPageUrl,
  lockWindowOptions,
  mayCloseLockWindow,
  planLockWindows,
  reconcileLockWindows,
  type LockWindowPlan,
} from './lock-plan.ts';

export interface LockPages {
  entryUrl: string;
  preloadPath: string;
}

interface LockWindow {
  window: BrowserWindow;
  plan: LockWindowPlan;
}

const lockContents = new Set<number>();

/** Whether `contents` shows a lock page (app-window.ts lets it open no window). */
export function isLockWindow(contents: WebContents): boolean {
  return lockContents.has(contents.id);
}

export class LockWindows {
  readonly #pages: LockPages;
  readonly #logError: (message: string, error: unknown) => void;
  readonly #open = new Map<number, LockWindow>();
  #lock: LabLock | null = null;
  #quitting = false;
  readonly #replan = () => this.#reconcile();

  constructor(pages: LockPages, logError: (message: string, error: unknown) => void) {
    this.#pages = pages;
    this.#logError = logError;
    screen.on('display-added', this.#replan);
    screen.on('display-removed', this.#replan);
    screen.on('display-metrics-changed', this.#replan);
  }

  /** The seat's lock as the core says now (null: unlocked). */
  apply(lock: LabLock | null): void {
    this.#lock = lock;
    this.#reconcile();
  }

  /** The app is quitting: lock windows may close (the server re-locks the PC when it is back). */
  quitting(): void {
    this.#quitting = true;
  }

  stop(): void {
    screen.off('display-added', this.#replan);
    screen.off('display-removed', this.#replan);
    screen.off('display-metrics-changed', this.#replan);
    this.#lock = null;
    this.#reconcile();
  }

  #reconcile(): void {
    const displays = screen.getAllDisplays().map((d) => ({ id: d.id, bounds: d.bounds }));
    const plan = planLockWindows(this.#lock, displays, screen.getPrimaryDisplay().id);
    const changes = reconcileLockWindows([...this.#open.values()].map(({ plan: p }) => ({ displayId: p.displayId, bounds: p.bounds })), plan);
    for (const displayId of changes.close) {
      const entry = this.#open.get(displayId);
      this.#open.delete(displayId);
      // No longer in the plan: its 'close' handler lets it go.
      if (entry && !entry.window.isDestroyed()) entry.window.destroy();
    }
    for (const next of changes.move) {
      const entry = this.#open.get(next.displayId);
      if (!entry) continue;
      entry.plan = next;
      // A kiosk window ignores new bounds; leave kiosk for the move, then take the (new) display whole again.
      entry.window.setKiosk(false);
      entry.window.setBounds(next.bounds);
      entry.window.setKiosk(true);
      entry.window.setAlwaysOnTop(true, LOCK_WINDOW_LEVEL);
    }
    for (const next of plan) {
      const entry = this.#open.get(next.displayId);
      if (entry) entry.plan = { ...entry.plan, keepsFocus: next.keepsFocus };
    }
    for (const next of changes.open) this.#openWindow(next);
  }

  #openWindow(plan: LockWindowPlan): void {
    const window = new BrowserWindow(lockWindowOptions(plan, this.#pages.preloadPath));
    const entry: LockWindow = { window, plan };
    const contentsId = window.webContents.id;
    lockContents.add(contentsId);
    window.on('closed', () => lockContents.delete(contentsId));
    this.#open.set(plan.displayId, entry);
    window.removeMenu(); // no Reload / Close accelerators from the default menu
    window.setAlwaysOnTop(true, LOCK_WINDOW_LEVEL);
    window.setVisibleOnAllWorkspaces(true);
    window.on('close', (event) => {
      const wanted = this.#open.get(entry.plan.displayId) === entry;
      if (!mayCloseLockWindow({ wanted, quitting: this.#quitting })) event.preventDefault();
    });
    window.on('closed', () => {
      if (this.#open.get(entry.plan.displayId) === entry) {
        // Gone while still wanted (the OS killed it): put one back.
        this.#open.delete(entry.plan.displayId);
        if (!this.#quitting) setImmediate(this.#replan);
      }
    });
    window.on('blur', () => setImmediate(() => this.#keepFocus()));
    window.webContents.on('will-navigate', (event) => event.preventDefault());
    // A crashed lock page is reloaded; the window itself, and so the lock, stays.
    window.webContents.on('render-process-gone', () => {
      if (!window.isDestroyed()) void window.loadURL(lockPageUrl(this.#pages.entryUrl)).catch((error: unknown) => this.#logError('could not reload the lock page', error));
    });
    window.once('ready-to-show', () => {
      if (window.isDestroyed()) return;
      window.showInactive();
      if (entry.plan.keepsFocus) window.focus();
    });
    window.loadURL(lockPageUrl(this.#pages.entryUrl)).catch((error: unknown) => this.#logError('could not load the lock page', error));
  }

  #keepFocus(): void {
    const windows = [...this.#open.values()].filter((e) => !e.window.isDestroyed());
    const target = focusAfterBlur(windows.map((e) => ({ displayId: e.plan.displayId, focused: e.window.isFocused(), keepsFocus: e.plan.keepsFocus })));
    const entry = target === null ? undefined : this.#open.get(target);
    if (!entry) return;
    entry.window.moveTop();
    entry.window.focus();
  }
}
