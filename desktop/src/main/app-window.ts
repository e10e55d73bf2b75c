/**
 * The one app window and the rules every web contents lives by: no <webview>,
 * no permissions, no navigation away from the app; a web site the app page
 * opens gets a site window of its own (site-windows.ts), which may navigate
 * between web pages but open nothing; a lock window opens nothing either
 * (window-roles.ts).
 */
import { app, BrowserWindow, session, type WebContents } from 'electron';
import { isTrustedSender } from '../host/sender-policy.ts';
import { isLockWindow } from './lock-windows.ts';
import { mayNavigate } from './site-policy.ts';
import { isSiteWindow, openSiteWindow } from './site-windows.ts';
import { navigationRoleOf, opensFromWindow, type WindowRole } from './window-roles.ts';
import { APP_CONTENT_SECURITY_POLICY, appWebPreferences } from './window-security.ts';

export interface AppPages {
  /** What the window loads: a dev-server URL or the built index.html file URL. */
  entryUrl: string;
  /** Origins (or renderer folder file URL) allowed to be the top-level page and call the host. */
  trustedOrigins: readonly string[];
  preloadPath: string;
}

function isAppPage(url: string, pages: AppPages): boolean {
  return isTrustedSender({ url, isMainFrame: true }, pages.trustedOrigins);
}

function roleOf(contents: WebContents): WindowRole {
  if (isSiteWindow(contents)) return 'site';
  return isLockWindow(contents) ? 'lock' : 'app';
}

/** Applies to every web contents, including ones we did not create on purpose. */
export function hardenAllWebContents(pages: AppPages): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // We open the site window ourselves: one window.open would hand it the opener's preload.
      if (opensFromWindow(roleOf(contents), url)) openSiteWindow(url, (message, error) => console.error(message, error));
      return { action: 'deny' };
    });
    const keepInApp = (event: { preventDefault(): void }, url: string) => {
      if (!mayNavigate(navigationRoleOf(roleOf(contents)), url, (page) => isAppPage(page, pages))) event.preventDefault();
    };
    contents.on('will-navigate', keepInApp);
    contents.on('will-redirect', keepInApp);
  });

  const defaultSession = session.defaultSession;
  // Nothing needs camera, mic, notifications... yet; live lessons will ask for exactly what they use.
  defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  defaultSession.setPermissionCheckHandler(() => false);
  // file:// pages carry the CSP in a <meta> tag; the dev server gets it as a header too.
  defaultSession.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppPage(details.url, pages) || details.resourceType !== 'mainFrame') {
      callback({});
      return;
    }
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [APP_CONTENT_SECURITY_POLICY] },
    });
  });
}

export async function openAppWindow(pages: AppPages): Promise<BrowserWindow> {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    show: false,
    autoHideMenuBar: true,
    title: 'Sinif',
    webPreferences: appWebPreferences(pages.preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(pages.entryUrl);
  return window;
}
