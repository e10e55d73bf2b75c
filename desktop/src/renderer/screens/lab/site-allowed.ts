/**
 * Whether a pushed site may be shown under the session's allowlist (null: no
 * restriction). Entries are hostnames or `*.domain` (the domain and every
 * subdomain). This only decides what the renderer shows; filtering the PC's
 * real traffic is the Electron session's request filter (a later step).
 */
export function siteAllowed(url: string, allowlist: readonly string[] | null): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (allowlist === null) return true;
  return allowlist.some((entry) => {
    if (!entry.startsWith('*.')) return host === entry;
    const domain = entry.slice(2);
    return host === domain || host.endsWith(`.${domain}`);
  });
}
