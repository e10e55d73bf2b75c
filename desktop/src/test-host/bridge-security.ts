/**
 * The CSP of every app page the bridge serves: the renderer's own scripts
 * only, lesson files only in (sandboxed) frames from the bridge itself.
 */
export const RENDERER_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "media-src 'self'",
  "frame-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Origins (and Host headers) under which the bridge's own pages reach it. */
export function ownOrigins(host: string, port: number): { origins: Set<string>; hosts: Set<string> } {
  const hosts = new Set([`${host}:${port}`]);
  if (host === '127.0.0.1') hosts.add(`localhost:${port}`);
  return { hosts, origins: new Set([...hosts].map((h) => `http://${h}`)) };
}
