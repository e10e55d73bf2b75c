/**
 * Streams bytes into the content store through the hash: never buffered
 * whole, cut off as soon as they pass the size limit, checked against a
 * declared sha256 before they are named, and written to a temp file that is
 * removed on any failure. The source stream is never destroyed here, so an
 * HTTP handler can still drain it and answer 413 to a well-behaved client.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ContentStore } from './content-store.ts';

export class ContentTooLargeError extends Error {
  readonly code = 'CONTENT_TOO_LARGE';
  readonly limit: number;
  constructor(limit: number) {
    super(`The content is larger than ${limit} bytes.`);
    this.name = 'ContentTooLargeError';
    this.limit = limit;
  }
}

export class ContentHashMismatchError extends Error {
  readonly code = 'CONTENT_HASH_MISMATCH';
  constructor(declared: string, actual: string) {
    super(`The bytes hash to sha256 ${actual}, not the declared ${declared}; nothing was stored.`);
    this.name = 'ContentHashMismatchError';
  }
}

/** The client stopped sending before the body's end (closed the connection). */
export class UploadCutOffError extends Error {
  readonly code = 'UPLOAD_CUT_OFF';
  constructor(cause?: unknown) {
    super('The upload was cut off before its end.', { cause });
    this.name = 'UploadCutOffError';
  }
}

export interface SpooledFile {
  path: string;
  sha256: string;
  size: number;
}

/** Where in-flight uploads live: inside the store, so the final rename never crosses a disk. */
export function incomingDir(content: ContentStore): string {
  const dir = join(content.root, '.incoming');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Copies `source` to a new temp file, hashing and counting; removes the file and rejects past `maxBytes`. */
export async function spoolToTempFile(content: ContentStore, source: Readable, maxBytes: number): Promise<SpooledFile> {
  const path = join(incomingDir(content), `${randomUUID()}.part`);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > maxBytes) return callback(new ContentTooLargeError(maxBytes));
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  // pipeline destroys every stream it holds on failure; keep the caller's source out of it.
  const shield = new PassThrough();
  const onError = (error: Error) => shield.destroy(new UploadCutOffError(error));
  const onClose = () => {
    if (!source.readableEnded) shield.destroy(new UploadCutOffError());
  };
  source.on('error', onError);
  source.on('close', onClose);
  source.pipe(shield);
  try {
    await pipeline(shield, meter, createWriteStream(path, { flags: 'wx' }));
  } catch (error) {
    source.unpipe(shield);
    rmSync(path, { force: true });
    throw error;
  } finally {
    source.off('error', onError);
    source.off('close', onClose);
  }
  return { path, sha256: hash.digest('hex'), size };
}

/** Names a spooled file by its hash (or drops it when the store already holds those bytes). */
export function adoptSpooledFile(content: ContentStore, file: SpooledFile): { created: boolean } {
  if (content.has(file.sha256)) {
    rmSync(file.path, { force: true });
    return { created: false };
  }
  mkdirSync(join(content.root, file.sha256.slice(0, 2)), { recursive: true });
  renameSync(file.path, join(content.root, content.relativePath(file.sha256)));
  return { created: true };
}

export interface StoredUpload {
  sha256: string;
  size: number;
  created: boolean;
}

export async function storeStream(
  content: ContentStore,
  source: Readable,
  opts: { maxBytes: number; expectedSha256?: string },
): Promise<StoredUpload> {
  const file = await spoolToTempFile(content, source, opts.maxBytes);
  if (opts.expectedSha256 !== undefined && opts.expectedSha256 !== file.sha256) {
    rmSync(file.path, { force: true });
    throw new ContentHashMismatchError(opts.expectedSha256, file.sha256);
  }
  const { created } = adoptSpooledFile(content, file);
  return { sha256: file.sha256, size: file.size, created };
}
