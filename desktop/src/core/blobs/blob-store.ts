import { createHash } from 'node:crypto';
import { mkdir, open as openFile, rename, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { HostErrorCode } from '@sinif/shared';
import { StallTimeout } from '../stall-timeout.ts';
import { HostFailure } from '../../host/host-failure.ts';
import type { CacheDb } from '../cache/database.ts';
import type { ServerAuth, ServerClient } from '../server-client.ts';
import { BlobQuota, type BlobQuotaOptions } from './blob-quota.ts';
import type { ByteThrottle } from './download-throttle.ts';
import {
  blobRelativePath,
  diskFull,
  hashFileInto,
  isDiskFull,
  partRelativePath,
  removeQuietly,
  sha256OfFile,
  syncDirectory,
} from './blob-files.ts';
import { PartWriter } from './part-writer.ts';

export interface VerifiedBlob {
  path: string;
  size: number;
}

export interface WantedBlob {
  sha256: string;
  size: number;
}

/**
 * Opens a blob's bytes from `fromByte` on (a Range request when > 0). The
 * server's content route or a lab peer; a refusal should throw a HostFailure.
 */
export type OpenBlobStream = (fromByte: number, signal: AbortSignal) => Promise<Response>;

export interface BlobStoreOptions extends BlobQuotaOptions {
  /** Abort a download when no byte arrives for this long. */
  idleTimeoutMs?: number;
  /** Paces every download's bytes (the PC's bandwidth cap); none: full speed. */
  throttle?: ByteThrottle;
}

/**
 * Content-addressed files under `<cacheDir>/blobs`. A blob is recorded in the
 * `blobs` table only after its bytes hashed to its name, so a row means
 * "verified". Files changed behind our back are caught by mtime (see verifiedBlob).
 */
export class BlobStore {
  readonly #db: CacheDb;
  readonly #cacheDir: string;
  readonly #idleTimeoutMs: number;
  readonly #throttle: ByteThrottle | null;
  readonly #rechecks = new Map<string, Promise<VerifiedBlob | null>>();
  /** The disk quota: `hold` keeps blobs from eviction, `download` reserves room first. */
  readonly quota: BlobQuota;

  constructor(db: CacheDb, cacheDir: string, options: BlobStoreOptions = {}) {
    this.#db = db;
    this.#cacheDir = cacheDir;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
    this.#throttle = options.throttle ?? null;
    this.quota = new BlobQuota(db, cacheDir, options);
  }

  pathOf(sha256: string): string {
    return join(this.#cacheDir, blobRelativePath(sha256));
  }

  partPathOf(sha256: string): string {
    return join(this.#cacheDir, partRelativePath(sha256));
  }

  /**
   * The blob's file if it is verified and still looks untouched. Size and
   * mtime are compared with what they were at verification; when the mtime
   * moved, the file is hashed again and dropped if its bytes changed.
   */
  async verifiedBlob(sha256: string): Promise<VerifiedBlob | null> {
    const row = await this.#db.selectFrom('blobs').selectAll().where('sha256', '=', sha256).executeTakeFirst();
    if (!row) return null;
    const path = join(this.#cacheDir, row.relative_path);
    const info = await stat(path).catch(() => null);
    if (!info || !info.isFile() || info.size !== row.size) {
      await this.#forget(sha256, path);
      return null;
    }
    if (row.file_mtime_ms === info.mtimeMs) return { path, size: row.size };
    let recheck = this.#rechecks.get(sha256);
    if (!recheck) {
      recheck = this.#recheck(sha256, path, row.size, info.mtimeMs).finally(() => this.#rechecks.delete(sha256));
      this.#rechecks.set(sha256, recheck);
    }
    return recheck;
  }

  async touch(sha256s: readonly string[]): Promise<void> {
    if (sha256s.length === 0) return;
    await this.#db.updateTable('blobs').set({ last_used_at: new Date().toISOString() }).where('sha256', 'in', sha256s).execute();
  }

  async #recheck(sha256: string, path: string, size: number, mtimeMs: number): Promise<VerifiedBlob | null> {
    const actual = await sha256OfFile(path).catch(() => null);
    if (actual !== sha256) {
      await this.#forget(sha256, path);
      return null;
    }
    await this.#db.updateTable('blobs').set({ file_mtime_ms: mtimeMs }).where('sha256', '=', sha256).execute();
    return { path, size };
  }

  async #forget(sha256: string, path: string): Promise<void> {
    await this.#db.deleteFrom('blobs').where('sha256', '=', sha256).execute();
    await removeQuietly(path);
  }

  /**
   * Downloads, verifies and records one blob. Resumes a `.part` left by an
   * earlier attempt with a Range request. `onBytes` reports new bytes only.
   * Room is reserved under the quota first (evicting LRU blobs if needed);
   * QUOTA_EXCEEDED when that is impossible, before any byte is fetched.
   * `stop` (the core closing) ends it promptly with its reason; the `.part`
   * stays for a later resume, as after a dropped connection.
   */
  async download(client: ServerClient, auth: ServerAuth, wanted: WantedBlob, onBytes: (n: number) => void, stop?: AbortSignal): Promise<void> {
    await this.downloadFrom((fromByte, signal) => client.content(auth, wanted.sha256, fromByte, signal), wanted, onBytes, { stop });
  }

  /**
   * `download` from any source (a lab peer). With `resume: false` an existing
   * `.part` is overwritten, so bytes of an untrusted source are never mixed
   * with another's.
   */
  async downloadFrom(
    open: OpenBlobStream,
    wanted: WantedBlob,
    onBytes: (n: number) => void,
    options: { resume?: boolean; stop?: AbortSignal } = {},
  ): Promise<void> {
    // Stopped already: no eviction to make room for a download that will not run.
    options.stop?.throwIfAborted();
    const reservation = await this.quota.reserve(wanted.size);
    try {
      await this.#download(open, wanted, onBytes, options.resume ?? true, options.stop);
    } finally {
      reservation.release();
    }
  }

  async #download(
    open: OpenBlobStream,
    wanted: WantedBlob,
    onBytes: (n: number) => void,
    mayResume: boolean,
    stop: AbortSignal | undefined,
  ): Promise<void> {
    const { sha256, size } = wanted;
    const part = this.partPathOf(sha256);
    const final = this.pathOf(sha256);
    try {
      await mkdir(dirname(part), { recursive: true });
      await mkdir(dirname(final), { recursive: true });
    } catch (error) {
      if (isDiskFull(error)) throw diskFull(error);
      throw error;
    }
    let written = await this.#downloadToPart(open, wanted, part, onBytes, mayResume, stop);
    if (written === 'restart') written = await this.#downloadToPart(open, wanted, part, onBytes, false, stop);
    if (written === 'restart') throw new HostFailure(HostErrorCode.serverUnreachable, 'The server did not resume the download.');
    const { digest, total } = written;
    if (total !== size || digest !== sha256) {
      await removeQuietly(part);
      throw new HostFailure(HostErrorCode.contentVerificationFailed, `Downloaded file ${sha256.slice(0, 12)}… did not match its checksum; it was discarded.`);
    }
    try {
      await rename(part, final);
      await syncDirectory(dirname(final));
      const info = await stat(final);
      const now = new Date().toISOString();
      await this.#db
        .insertInto('blobs')
        .values({ sha256, size, relative_path: blobRelativePath(sha256), verified_at: now, last_used_at: null, file_mtime_ms: info.mtimeMs })
        .onConflict((oc) => oc.column('sha256').doUpdateSet({ size, verified_at: now, file_mtime_ms: info.mtimeMs }))
        .execute();
    } catch (error) {
      if (isDiskFull(error)) {
        await removeQuietly(final);
        throw diskFull(error);
      }
      throw error;
    }
  }

  /** One attempt; 'restart' when the server would not continue the existing part. */
  async #downloadToPart(
    open: OpenBlobStream,
    wanted: WantedBlob,
    part: string,
    onBytes: (n: number) => void,
    mayResume: boolean,
    stop: AbortSignal | undefined,
  ): Promise<{ digest: string; total: number } | 'restart'> {
    const hash = createHash('sha256');
    let existing = mayResume ? ((await stat(part).catch(() => null))?.size ?? 0) : 0;
    if (existing >= wanted.size) existing = 0; // complete-but-unverified or oversized: start over
    if (existing > 0) await hashFileInto(part, hash);
    stop?.throwIfAborted();
    const idle = new StallTimeout(this.#idleTimeoutMs);
    const signal = stop ? AbortSignal.any([idle.signal, stop]) : idle.signal;
    let handle: FileHandle | undefined;
    let writer: PartWriter | undefined;
    try {
      const res = await open(existing, signal);
      if (existing > 0 && !(res.status === 206 && res.headers.get('content-range')?.startsWith(`bytes ${existing}-`))) {
        await res.body?.cancel();
        await removeQuietly(part);
        return 'restart';
      }
      if (res.status === 416) return 'restart';
      handle = await openFile(part, existing > 0 ? 'a' : 'w');
      writer = new PartWriter(handle);
      let total = existing;
      if (existing > 0) onBytes(existing);
      for await (const chunk of res.body ?? []) {
        const bytes = chunk as Uint8Array;
        total += bytes.byteLength;
        if (total > wanted.size) break; // oversized: fails verification below
        // Waiting for the bandwidth cap is ours, not a silent network.
        if (this.#throttle) await idle.excuse(this.#throttle.take(bytes.byteLength, signal));
        hash.update(bytes);
        // Written on libuv's thread pool while the next bytes arrive and are hashed.
        await writer.write(bytes);
        onBytes(bytes.byteLength);
        idle.progress();
      }
      await writer.finish();
      return { digest: hash.digest('hex'), total };
    } catch (error) {
      if (isDiskFull(error)) {
        await writer?.settle();
        await handle?.close().catch(() => {});
        handle = undefined;
        await removeQuietly(part);
        throw diskFull(error);
      }
      // Stopped (the core closing): its own reason, and the part stays for a ranged resume.
      if (stop?.aborted) throw stop.reason;
      if (error instanceof HostFailure) throw error;
      // A dropped connection mid-body: keep the part for a ranged resume.
      throw new HostFailure(HostErrorCode.serverUnreachable, 'The download was interrupted.', { cause: error });
    } finally {
      idle.clear();
      await writer?.settle();
      await handle?.close().catch(() => {});
    }
  }
}
