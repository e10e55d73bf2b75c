import { createReadStream } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { createHash, type Hash } from 'node:crypto';
import { HostErrorCode } from '@sinif/shared';
import { HostFailure } from '../../host/host-failure.ts';

/** Where blob files live under the cache dir: two-letter fan-out keeps folders small. */
export function blobRelativePath(sha256: string): string {
  return `blobs/${sha256.slice(0, 2)}/${sha256}`;
}

/** Where downloads in progress live, relative to the cache dir: `<sha256>.part` each. */
export const PARTS_DIR = 'blobs/tmp';
const PART_SUFFIX = '.part';

export function partRelativePath(sha256: string): string {
  return `${PARTS_DIR}/${sha256}${PART_SUFFIX}`;
}

/** The blob a file in PARTS_DIR is the partial download of, or null when it is no part of ours. */
export function partSha256(fileName: string): string | null {
  const sha256 = fileName.endsWith(PART_SUFFIX) ? fileName.slice(0, -PART_SUFFIX.length) : '';
  return /^[0-9a-f]{64}$/.test(sha256) ? sha256 : null;
}

/** Feeds a file's bytes into `hash` (used to resume a partial download). */
export async function hashFileInto(path: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await hashFileInto(path, hash);
  return hash.digest('hex');
}

/** Makes a rename durable on filesystems that need the directory synced too. */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open directories; NTFS journals the rename itself.
  }
}

/**
 * Writes all of `chunks`, in order, with one vectored write for the lot
 * (`writev`): gathering a download's chunks into one buffer first copied
 * every byte once more, and those copies drove the garbage collector (see
 * part-writer.ts). A write that fills the disk can be short (some bytes
 * written, no error); the write of the rest then fails with ENOSPC instead of
 * the file silently missing its tail.
 */
export async function writeChunks(handle: FileHandle, chunks: readonly Uint8Array[]): Promise<void> {
  let rest = unwritten(chunks, 0);
  while (rest.length > 0) {
    const { bytesWritten } = await handle.writev(rest);
    // A regular file only writes nothing when no block is left; never spin on it.
    if (bytesWritten === 0) throw Object.assign(new Error('no byte could be written'), { code: 'ENOSPC' });
    rest = unwritten(rest, bytesWritten);
  }
}

/** What is left of `chunks` after their first `written` bytes: views, no copies; empty chunks dropped. */
export function unwritten(chunks: readonly Uint8Array[], written: number): Uint8Array[] {
  const rest: Uint8Array[] = [];
  let skip = written;
  for (const chunk of chunks) {
    if (skip >= chunk.byteLength) {
      skip -= chunk.byteLength;
      continue;
    }
    rest.push(skip > 0 ? chunk.subarray(skip) : chunk);
    skip = 0;
  }
  return rest;
}

export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  // SQLITE_FULL: the cache database shares the disk and cannot grow either.
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}

export function diskFull(cause: unknown): HostFailure {
  return new HostFailure(HostErrorCode.diskFull, 'The disk is full: free some space (or lower the lesson cache size) and sync again.', { cause });
}

export async function removeQuietly(path: string): Promise<void> {
  await rm(path, { force: true }).catch(() => {});
}
