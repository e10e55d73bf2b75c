/**
 * Who may call the host API: only the app's own top-level page. Lesson pages
 * are shown in iframes or from blob URLs and must never reach the host, even
 * when they are served from the app's own origin.
 */
export interface HostSender {
  url: string;
  isMainFrame: boolean;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function withoutQueryAndHash(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function matchesFileEntry(url: URL, trusted: URL): boolean {
  // Every file URL has the opaque origin "null", so the app folder is the
  // identity: a folder entry (trailing slash) trusts what is inside it, a file
  // entry trusts exactly that file. URL parsing already resolved "..".
  if (trusted.pathname.endsWith('/')) return withoutQueryAndHash(url).startsWith(withoutQueryAndHash(trusted));
  return withoutQueryAndHash(url) === withoutQueryAndHash(trusted);
}

/**
 * `trustedOrigins` holds web origins (`http://127.0.0.1:5173`) or, for a
 * packaged app, the file URL of its renderer folder or page.
 */
export function isTrustedSender(sender: HostSender, trustedOrigins: readonly string[]): boolean {
  if (!sender.isMainFrame) return false;
  const url = parse(sender.url);
  if (!url) return false;
  // blob: URLs inherit their creator's origin, yet carry lesson content.
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'file:') return false;
  return trustedOrigins.some((entry) => {
    const trusted = parse(entry);
    if (!trusted || trusted.protocol !== url.protocol) return false;
    if (url.protocol === 'file:') return matchesFileEntry(url, trusted);
    return trusted.origin === url.origin;
  });
}
