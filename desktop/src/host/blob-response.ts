import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

export interface BlobFile {
  path: string;
  size: number;
}

/**
 * Lesson files are teacher-supplied HTML/SVG: served as documents they would
 * run script with the app's origin. The sandbox CSP gives them an opaque
 * origin with no script, no forms, no network but their own media.
 */
export const LESSON_CONTENT_SECURITY_POLICY =
  "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; media-src 'self'";

type ByteRange = { start: number; end: number };

/** One `bytes=` range, `null` to serve the whole file, 'unsatisfiable' for 416. */
function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Multiple or malformed ranges: RFC 9110 lets us ignore Range and send 200.
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const [, first = '', last = ''] = match;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}

function bodyOf(path: string, range: ByteRange): ReadableStream<Uint8Array> {
  return Readable.toWeb(createReadStream(path, { start: range.start, end: range.end })) as ReadableStream<Uint8Array>;
}

/** A web `Response` for a verified cache file, with single-range support. */
export function blobResponse(file: BlobFile, rangeHeader: string | undefined, mediaType?: string): Response {
  const headers = new Headers({
    'Accept-Ranges': 'bytes',
    'Content-Security-Policy': LESSON_CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Content-Type': mediaType ?? 'application/octet-stream',
  });
  const range = parseRange(rangeHeader, file.size);
  if (range === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${file.size}`);
    headers.delete('Content-Type');
    return new Response(null, { status: 416, headers });
  }
  if (range === null) {
    headers.set('Content-Length', String(file.size));
    const body = file.size === 0 ? null : bodyOf(file.path, { start: 0, end: file.size - 1 });
    return new Response(body, { status: 200, headers });
  }
  headers.set('Content-Length', String(range.end - range.start + 1));
  headers.set('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
  return new Response(bodyOf(file.path, range), { status: 206, headers });
}
