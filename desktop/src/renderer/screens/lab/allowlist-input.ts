/**
 * What a teacher types as the allowlist ("wikipedia.org, *.edu.az,
 * https://khanacademy.org/math") turned into the hostnames a `setAllowlist`
 * command carries, checked by the shared Hostname pattern so the server
 * never has to refuse the whole command for one typo.
 */
import { Hostname } from '@sinif/shared';

// The schema is plain JSON Schema: its pattern is the server's own check of each hostname.
const hostname = new RegExp((Hostname as { pattern?: string }).pattern ?? '^$');
/** What one `setAllowlist` command may carry. */
export const MAX_HOSTNAMES = 100;

export interface ParsedAllowlist {
  hostnames: string[];
  /** Entries that are no site name, as typed. */
  invalid: string[];
}

/**
 * The host of one typed entry as the browser's URL parser sees it, so it is
 * the very name `siteHostOf` gives when a student opens that site: a Unicode
 * (IDN) name becomes its punycode form, a pasted address or `user@host`
 * counts by its host (scheme, credentials, port and path dropped). A leading
 * `*.` is kept aside: it is the allowlist's wildcard, not part of the host.
 */
function toHostname(entry: string): string | null {
  const wildcard = entry.startsWith('*.');
  const site = wildcard ? entry.slice(2) : entry;
  const address = /^[a-z][a-z0-9+.-]*:\/\//i.test(site) ? site : `http://${site}`;
  let host: string;
  try {
    host = new URL(address).hostname.toLowerCase();
  } catch {
    return null;
  }
  if (!host) return null;
  return wildcard ? `*.${host}` : host;
}

export function parseAllowlist(text: string): ParsedAllowlist {
  const hostnames: string[] = [];
  const invalid: string[] = [];
  for (const entry of text.split(/[\s,;]+/).filter(Boolean)) {
    const host = toHostname(entry);
    if (host !== null && host.length <= 253 && hostname.test(host) && hostnames.length < MAX_HOSTNAMES) {
      if (!hostnames.includes(host)) hostnames.push(host);
    } else invalid.push(entry);
  }
  return { hostnames, invalid };
}

/** What the student typed in the address bar as a web address (https:// when no scheme was given); null when it is none. */
export function addressUrl(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed}`;
  try {
    const url = new URL(withScheme);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
