/**
 * Web sites the student opens from the app (a site the teacher pushed, an
 * address typed in the seat panel) show in site windows of their own: no
 * preload, the app window's isolation, and under an allowlist every request
 * they make passes the site filter. The app window itself never leaves the app.
 */
import { BrowserWindow, type WebContents } from 'electron';
import { opensSiteWindow, siteWindowOptions } from './site-policy.ts';

const siteContents = new Set<number>();

export function isSiteWindow(contents: WebContents): boolean {
  return siteContents.has(contents.id);
}

export function openSiteWindow(url: string, logError: (message: string, error: unknown) => void): void {
  if (!opensSiteWindow(url)) return;
  const window = new BrowserWindow(siteWindowOptions());
  const id = window.webContents.id;
  siteContents.add(id);
  window.on('closed', () => siteContents.delete(id));
  window.removeMenu();
  // A refused first page is cancelled by the site filter (ERR_BLOCKED_BY_CLIENT); the student sees the notice in the app.
  window.loadURL(url).catch((error: unknown) => {
    if (!String((error as Error)?.message).includes('ERR_BLOCKED_BY_CLIENT')) logError('could not open a site window', error);
  });
}
