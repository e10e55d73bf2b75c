/**
 * The site allowlist as Electron enforces it, as data: which requests of the
 * app's session go through while a seat has an allowlist, which windows may
 * open, and where each kind of web contents may navigate. site-filter.ts and
 * app-window.ts carry these out; the host matching rule is the shared one
 * (`hostAllowed`), the same the renderer and the server apply.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { hostAllowed } from '@sinif/shared';
import { BLOB_SCHEME } from './blob-protocol.ts';
import { SECURE_WEB_PREFERENCES } from './window-security.ts';

export interface SitePolicy {
  /** Hostnames or `*.domain`; null: no restriction (every request goes through). */
  allowlist: readonly string[] | null;
  /** URL prefixes of the app's own pages and assets: the dev-server origin, or the renderer folder's file URL. */
  appPrefixes: readonly string[];
  /** The school server this PC is enrolled with (null before enrolment). */
  serverOrigin: string | null;
}

/** The part of Electron's request details the decision reads. */
export interface RequestFacts {
  url: string;
  resourceType: string;
}

/** `blockAndReport`: a page the student tried to open; `block`: a frame or resource of some page, refused quietly. */
export type RequestVerdict = 'allow' | 'block' | 'blockAndReport';

// Only a page is something the student opened: sites open in site windows
// (site-windows.ts), so a refused frame is an embed or an ad of some page,
// refused quietly rather than reported to the teacher as an attempt.
const navigations = new Set(['mainFrame']);
/** In-memory URLs never reach the network. */
const localSchemes = new Set([`${BLOB_SCHEME}:`, 'data:', 'blob:']);
const webSchemes = new Set(['http:', 'https:', 'ws:', 'wss:']);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The origin a ws(s) URL would have as http(s), so the server's socket matches its page origin. */
function webOrigin(url: URL): string {
  const protocol = url.protocol === 'ws:' ? 'http:' : url.protocol === 'wss:' ? 'https:' : url.protocol;
  return `${protocol}//${url.host}`;
}

export function judgeRequest(request: RequestFacts, policy: SitePolicy): RequestVerdict {
  if (policy.allowlist === null) return 'allow';
  const url = parse(request.url);
  // devtools:, chrome:, file: outside the app... nothing else is let through during a restricted lesson.
  if (!url) return 'block';
  if (localSchemes.has(url.protocol)) return 'allow';
  // The dev server's own socket (ws:) belongs to the app as much as its pages.
  const asPage = url.protocol === 'ws:' || url.protocol === 'wss:' ? request.url.replace(/^ws/, 'http') : request.url;
  if (policy.appPrefixes.some((prefix) => asPage.startsWith(prefix))) return 'allow';
  if (!webSchemes.has(url.protocol)) return 'block';
  if (policy.serverOrigin !== null && webOrigin(url) === policy.serverOrigin) return 'allow';
  if ((url.protocol === 'http:' || url.protocol === 'https:') && hostAllowed(url.hostname, policy.allowlist)) return 'allow';
  return navigations.has(request.resourceType) ? 'blockAndReport' : 'block';
}

/** What belongs to the app: its dev-server origin, or the folder its built index.html sits in. */
export function appPrefixesOf(entryUrl: string): string[] {
  const url = new URL(entryUrl);
  if (url.protocol === 'file:') return [new URL('.', url).href];
  return [`${url.origin}/`];
}

export function serverOriginOf(serverUrl: string | null): string | null {
  const url = serverUrl === null ? null : parse(serverUrl);
  return url ? webOrigin(url) : null;
}

/** A link the app page opens in a new window: a web site gets a site window (filtered like everything else); nothing else opens. */
export function opensSiteWindow(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.username === '' && parsed.password === '';
}

/**
 * Where web contents may navigate: the app window and the lock windows only
 * within the app; a site window to any web page (the request filter decides
 * which under an allowlist).
 */
export function mayNavigate(role: 'app' | 'site', url: string, isAppPage: (url: string) => boolean): boolean {
  if (role === 'app') return isAppPage(url);
  return opensSiteWindow(url);
}

/** A window for one web site the student opened from the app: the app window's isolation and no preload (no host API). */
export function siteWindowOptions(): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    autoHideMenuBar: true,
    title: 'Sinif',
    webPreferences: { ...SECURE_WEB_PREFERENCES },
  };
}
