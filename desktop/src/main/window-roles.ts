/**
 * The kinds of window the app's web contents live in, and what each may do
 * beyond its page. Only the app window opens web sites (each in a site window
 * of its own). A site window opens nothing, and neither does a lock window:
 * a locked seat must get no way out through a page of its lock.
 * app-window.ts carries these out; proven in plain Node (no run-time 'electron').
 */
import { opensSiteWindow } from './site-policy.ts';

export type WindowRole = 'app' | 'site' | 'lock';

/** Whether a `window.open(url)` from a window of `role` gets a site window; every other one is denied. */
export function opensFromWindow(role: WindowRole, url: string): boolean {
  return role === 'app' && opensSiteWindow(url);
}

/** Lock windows stay within the app like the app window (lock-windows.ts stops their navigations outright, too). */
export function navigationRoleOf(role: WindowRole): 'app' | 'site' {
  return role === 'site' ? 'site' : 'app';
}
