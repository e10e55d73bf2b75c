/**
 * The one rule for "may this PC open that site during the lesson": the
 * renderer checks it before following a link, the Electron request filter
 * before letting a navigation through, and the server before counting a
 * seat's blocked-site report. Allowlist entries are hostnames or `*.domain`
 * (the domain and every subdomain); `null` means no restriction.
 */

/** WHATWG URL exists wherever shared code runs (Node, browsers, Electron); shared's lib holds no DOM or Node types. */
declare const URL: new (url: string) => { readonly protocol: string; readonly hostname: string; readonly origin: string };

/** The lower-case hostname of an http(s) URL, or null for anything else. */
export function siteHostOf(url: string): string | null {
  let parsed: { protocol: string; hostname: string };
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return parsed.hostname.toLowerCase() || null;
}

/**
 * What a seat reports of a refused site (`lab.blockedSite`): only the origin,
 * never a path or a search, which could hold what the student looked for.
 * Something that is no URL is kept as typed, cut to what the host contract
 * (LabBlockedSiteArgs) takes; the core then finds no host in it.
 */
export function siteOriginOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url.slice(0, 2000);
  }
}

export function hostAllowed(host: string, allowlist: readonly string[] | null): boolean {
  if (allowlist === null) return true;
  const name = host.toLowerCase();
  return allowlist.some((entry) => {
    if (!entry.startsWith('*.')) return name === entry;
    const domain = entry.slice(2);
    return name === domain || name.endsWith(`.${domain}`);
  });
}

/** Whether `url` is a web site the allowlist lets this PC open (never true for a non-http(s) URL). */
export function siteAllowed(url: string, allowlist: readonly string[] | null): boolean {
  const host = siteHostOf(url);
  return host !== null && hostAllowed(host, allowlist);
}
