/**
 * Wires what the core says a seat must enforce to Electron: the lock windows
 * over every display and the site filter of the app's session. A refused page
 * goes back to the core (`lab.blockedSite`), which shows the student the
 * notice in the app window and tells the teachers.
 */
import { app, session, type BrowserWindow } from 'electron';
import { siteOriginOf, type AppInfo } from '@sinif/shared';
import type { CoreWorker } from '../core/worker/start-core-worker.ts';
import { LockWindows, type LockPages } from './lock-windows.ts';
import { appPrefixesOf, serverOriginOf } from './site-policy.ts';
import { installSiteFilter, type BlockedRequest } from './site-filter.ts';

type LogError = (message: string, error: unknown) => void;

export function startSeatEnforcement(core: CoreWorker, pages: LockPages, appWindow: () => BrowserWindow | null, logError: LogError): () => void {
  const locks = new LockWindows(pages, logError);
  const onBlocked = (blocked: BlockedRequest): void => {
    core
      .invoke('lab.blockedSite', { url: siteOriginOf(blocked.url) })
      .then((answer) => {
        if (!answer.ok) logError('could not report a blocked site', answer.error);
      })
      .catch((error: unknown) => logError('could not report a blocked site', error));
    // The notice shows in the app window: bring it forward when a site window's page was refused.
    const window = appWindow();
    if (blocked.resourceType === 'mainFrame' && window && !window.isDestroyed() && window.webContents.id !== blocked.webContentsId) {
      window.show();
      window.focus();
    }
  };
  const filter = installSiteFilter(session.defaultSession, appPrefixesOf(pages.entryUrl), onBlocked);

  const learnServerOrigin = async (): Promise<void> => {
    const answer = await core.invoke('app.info', {});
    if (answer.ok) filter.setServerOrigin(serverOriginOf((answer.value as AppInfo).serverUrl));
  };
  const unsubscribe = core.onSeatEnforcement((enforcement) => {
    locks.apply(enforcement.lock);
    filter.setAllowlist(enforcement.allowlist);
    if (enforcement.allowlist !== null) learnServerOrigin().catch((error: unknown) => logError('could not read the server address', error));
  });
  const onQuit = (): void => locks.quitting();
  app.on('before-quit', onQuit);

  return () => {
    unsubscribe();
    app.off('before-quit', onQuit);
    filter.stop();
    locks.stop();
  };
}
