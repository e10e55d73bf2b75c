/**
 * The allowlist on the wire: while the seat has one, the app session's
 * `webRequest.onBeforeRequest` lets through only the app itself, the school
 * server and the allowed sites (site-policy.ts decides). A refused page is
 * cancelled and handed to `onBlocked` (the core tells the student and the
 * teachers); a refused resource of a page is cancelled quietly.
 */
import type { Session } from 'electron';
import { judgeRequest, type SitePolicy } from './site-policy.ts';

export interface SiteFilter {
  setAllowlist(allowlist: readonly string[] | null): void;
  setServerOrigin(origin: string | null): void;
  stop(): void;
}

export interface BlockedRequest {
  url: string;
  resourceType: string;
  webContentsId: number | undefined;
}

export function installSiteFilter(session: Session, appPrefixes: readonly string[], onBlocked: (request: BlockedRequest) => void): SiteFilter {
  const policy: SitePolicy = { allowlist: null, appPrefixes, serverOrigin: null };
  session.webRequest.onBeforeRequest((details, callback) => {
    const verdict = judgeRequest(details, policy);
    if (verdict === 'allow') return callback({});
    callback({ cancel: true });
    if (verdict === 'blockAndReport') onBlocked({ url: details.url, resourceType: details.resourceType, webContentsId: details.webContentsId });
  });
  return {
    setAllowlist(allowlist) {
      policy.allowlist = allowlist === null ? null : [...allowlist];
    },
    setServerOrigin(origin) {
      policy.serverOrigin = origin;
    },
    stop() {
      session.webRequest.onBeforeRequest(null);
    },
  };
}
