/**
 * The security settings of the app window, as data, so they can be asserted
 * in a plain Node test and reviewed in one place. Nothing here imports
 * 'electron' at run time.
 */
import type { WebPreferences } from 'electron';

/**
 * Same policy as the <meta> tag in renderer/index.html (a test keeps them
 * equal). `sinif-blob:` is where verified lesson files come from; lesson HTML
 * only ever runs inside an empty-sandbox iframe.
 */
export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: sinif-blob:",
  "media-src 'self' sinif-blob:",
  "frame-src 'self' sinif-blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Renderer isolation: no Node, no Electron, only what the preload exposes. */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
} as const satisfies WebPreferences;

export function appWebPreferences(preloadPath: string): WebPreferences {
  return { ...SECURE_WEB_PREFERENCES, preload: preloadPath };
}
