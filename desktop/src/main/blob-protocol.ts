/**
 * `sinif-blob://blob/<sha256>`: the only way lesson files reach the window.
 * Served from verified cache files only; anything else is 404. No run-time
 * 'electron' import so the URL rules can be tested in Node.
 */
import type { CustomScheme } from 'electron';
import { blobResponse } from '../host/blob-response.ts';

export const BLOB_SCHEME = 'sinif-blob';
export const BLOB_URL_PREFIX = `${BLOB_SCHEME}://blob/`;

/** Standard + secure so media can seek (Range) and fetch works; registered before app ready. */
export const BLOB_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: BLOB_SCHEME,
  privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true },
};

export interface VerifiedBlobSource {
  verifiedBlob(sha256: string): Promise<{ path: string; size: number; mediaType?: string } | null>;
}

/** The sha256 a blob URL names, or null when the URL is not exactly ours. */
export function blobShaFromUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${BLOB_SCHEME}:` || parsed.host !== 'blob' || parsed.username || parsed.password) return null;
  const match = /^\/([0-9a-f]{64})$/.exec(parsed.pathname);
  return match?.[1] ?? null;
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
}

export function createBlobRequestHandler(source: VerifiedBlobSource): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const sha = blobShaFromUrl(request.url);
    if (!sha) return notFound();
    const file = await source.verifiedBlob(sha);
    if (!file) return notFound();
    return blobResponse(file, request.headers.get('range') ?? undefined, file.mediaType);
  };
}
