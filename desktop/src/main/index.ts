/**
 * Electron main process: wires the desktop core (in a worker thread) to one
 * window over one IPC channel. Everything with logic lives in core/ and host/.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, ipcMain, protocol, safeStorage, type BrowserWindow } from 'electron';
import { HOST_IPC_CHANNEL } from '@sinif/shared';
import { startCoreWorker, type CoreWorker } from '../core/worker/start-core-worker.ts';
import { hardenAllWebContents, openAppWindow, type AppPages } from './app-window.ts';
import { BLOB_SCHEME, BLOB_SCHEME_PRIVILEGES, BLOB_URL_PREFIX, createBlobRequestHandler } from './blob-protocol.ts';
import { loadCredentialKey } from './credential-key.ts';
import { createHostIpcHandler } from './ipc-handler.ts';
import { startScreenThumbnails } from './screen-thumbnails.ts';
import { startSeatEnforcement } from './seat-enforcement.ts';

const outDir = fileURLToPath(new URL('.', import.meta.url));

// Must happen synchronously, before 'ready'.
protocol.registerSchemesAsPrivileged([BLOB_SCHEME_PRIVILEGES]);

function appPages(): AppPages {
  const preloadPath = join(outDir, '../preload/index.cjs');
  const devServer = process.env.ELECTRON_RENDERER_URL;
  if (!app.isPackaged && devServer) {
    return { entryUrl: devServer, trustedOrigins: [new URL(devServer).origin], preloadPath };
  }
  const rendererDir = join(outDir, '../renderer');
  const entryUrl = pathToFileURL(join(rendererDir, 'index.html')).href;
  // Only the page itself: other files in the renderer folder are assets, not app pages.
  return { entryUrl, trustedOrigins: [entryUrl], preloadPath };
}

async function startApp(): Promise<void> {
  const pages = appPages();
  hardenAllWebContents(pages);

  let core: CoreWorker;
  try {
    const credentialKey = await loadCredentialKey(app.getPath('userData'), safeStorage);
    core = await startCoreWorker(
      {
        cacheDir: join(app.getPath('userData'), 'cache'),
        secretKey: credentialKey.key,
        appVersion: app.getVersion(),
        blobUrlPrefix: BLOB_URL_PREFIX,
        defaultServerUrl: process.env.SINIF_SERVER_URL,
        // Classmate PCs fetch lesson files from this one over the lab LAN (HMAC-proofed, verified blobs only).
        labPeers: { host: '0.0.0.0' },
        searchIndexWorker: new URL('./search-index-worker.js', import.meta.url).href,
      },
      // The bundled worker sits next to this file (electron.vite.config.ts emits it).
      new URL('./core-worker.js', import.meta.url),
    );
  } catch (error) {
    console.error('Sinif could not start its core', error);
    app.exit(1);
    return;
  }

  protocol.handle(BLOB_SCHEME, createBlobRequestHandler(core));
  ipcMain.handle(HOST_IPC_CHANNEL, createHostIpcHandler((method, args) => core.invoke(method, args), pages.trustedOrigins));
  const stopThumbnails = startScreenThumbnails(
    (method, args) => core.invoke(method, args),
    (message, error) => console.error(message, error),
  );

  let window: BrowserWindow | null = await openAppWindow(pages);
  window.on('closed', () => {
    window = null;
  });
  // Lock windows and the site filter follow the core's lab state, not any renderer.
  const stopEnforcement = startSeatEnforcement(core, pages, () => window, (message, error) => console.error(message, error));
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  let coreClosed = false;
  app.on('will-quit', (event) => {
    if (coreClosed) return;
    stopThumbnails();
    stopEnforcement();
    // Let the core finish its SQLite writes before the process goes.
    event.preventDefault();
    void core.close().finally(() => {
      coreClosed = true;
      app.quit();
    });
  });
}

// One app per PC account: a second launch focuses the first window instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(startApp)
    .catch((error: unknown) => {
      console.error('Sinif failed to start', error);
      app.exit(1);
    });
}
