import type { LabLock } from '@sinif/shared';
import { useLabState } from '../../lab-queries.ts';
import { LockOverlay } from './LockOverlay.tsx';
import '../../lab.css';

/** The app page opened as a kiosk lock window (Electron's main process adds this hash: main/lock-plan.ts). */
export const isLockWindow = (): boolean => window.location.hash === '#lock';

/**
 * All a lock window shows: the teacher's lock and message, none of the app.
 * The main process opens and closes these windows from the core's state;
 * this page only reads it, so until the first answer (or after an unlock,
 * while the window closes) it is an empty cover, never the app.
 */
export function LockWindowApp() {
  const lab = useLabState(true);
  const session = lab.data?.session?.view === 'seat' ? lab.data.session : null;
  const lock: LabLock | null = session?.directives.lock ?? null;
  if (lock) return <LockOverlay lock={lock} />;
  return <div className="lock-overlay" data-testid="lock-window-idle" />;
}
