import { statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { HostErrorCode } from '@sinif/shared';
import { sql } from 'kysely';
import { HostFailure } from '../../host/host-failure.ts';
import type { CacheDb } from '../cache/database.ts';
import { removeQuietly } from './blob-files.ts';

export const DEFAULT_QUOTA_BYTES = 20 * 1024 ** 3;
export const DEFAULT_MIN_FREE_DISK_BYTES = 1024 ** 3;

export interface BlobQuotaOptions {
  /** Most bytes the blob cache may hold (default 20 GiB). */
  quotaBytes?: number;
  /**
   * Free space always left on the cache's disk (default 1 GiB): on a small
   * lab disk the quota is effectively `cache + free - this`, so the cache never
   * fills the disk Windows and other programs need.
   */
  minFreeDiskBytes?: number;
}

/** Bytes promised to a download in flight; give them back when it ends. */
export interface Reservation {
  release(): void;
}

interface EvictionCandidate {
  sha256: string;
  size: number;
  relative_path: string;
}

/**
 * Keeps the blob cache under its quota. Before a download starts it reserves
 * the file's size; if that would go over, it evicts verified blobs in this
 * order: blobs no lesson references any more, then least recently used
 * (last_used_at, else verified_at). Never evicted: blobs of pinned lessons
 * and blobs held in use (the open lesson, a running sync's downloads).
 */
export class BlobQuota {
  readonly #db: CacheDb;
  readonly #cacheDir: string;
  #quotaBytes: number;
  readonly #minFreeDiskBytes: number;
  readonly #inUse = new Map<string, number>();
  #reserved = 0;
  /** Reservations run one at a time, so two downloads never count the same free bytes. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(db: CacheDb, cacheDir: string, options: BlobQuotaOptions = {}) {
    this.#db = db;
    this.#cacheDir = cacheDir;
    this.#quotaBytes = options.quotaBytes ?? DEFAULT_QUOTA_BYTES;
    this.#minFreeDiskBytes = options.minFreeDiskBytes ?? DEFAULT_MIN_FREE_DISK_BYTES;
  }

  /** Marks blobs as in use (not evictable) until the returned function is called. */
  hold(sha256s: readonly string[]): () => void {
    for (const sha of sha256s) this.#inUse.set(sha, (this.#inUse.get(sha) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const sha of sha256s) {
        const count = (this.#inUse.get(sha) ?? 1) - 1;
        if (count <= 0) this.#inUse.delete(sha);
        else this.#inUse.set(sha, count);
      }
    };
  }

  get quotaBytes(): number {
    return this.#quotaBytes;
  }

  /** A new quota (from the PC's settings); takes effect at the next reservation or `trim`. */
  setQuotaBytes(bytes: number): void {
    this.#quotaBytes = bytes;
  }

  /** Evicts now what no longer fits, so lowering the quota frees disk at once, not at the next download. */
  async trim(): Promise<void> {
    await this.reserve(0).then(
      (reservation) => reservation.release(),
      () => {}, // the rest is pinned or in use: it stays until that changes
    );
  }

  isInUse(sha256: string): boolean {
    return this.#inUse.has(sha256);
  }

  /** Makes room for `size` bytes or fails with QUOTA_EXCEEDED, evicting nothing in that case it does not have to. */
  reserve(size: number): Promise<Reservation> {
    const turn = this.#queue.then(() => this.#reserve(size));
    this.#queue = turn.catch(() => {});
    return turn;
  }

  async usedBytes(): Promise<number> {
    const row = await this.#db
      .selectFrom('blobs')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), sql<number>`0`).as('bytes'))
      .executeTakeFirstOrThrow();
    return Number(row.bytes);
  }

  async #limit(used: number): Promise<number> {
    const disk = await statfs(this.#cacheDir).catch(() => null);
    if (!disk) return this.#quotaBytes;
    const free = Number(disk.bavail) * Number(disk.bsize);
    // Reserved bytes are not on disk yet but will be: count them as taken from `free`.
    return Math.min(this.#quotaBytes, used + free - this.#reserved - this.#minFreeDiskBytes);
  }

  async #reserve(size: number): Promise<Reservation> {
    let used = await this.usedBytes();
    const limit = await this.#limit(used);
    if (used + this.#reserved + size > limit) {
      used -= await this.#evict(used + this.#reserved + size - limit);
    }
    if (used + this.#reserved + size > limit) {
      throw new HostFailure(
        HostErrorCode.quotaExceeded,
        'The lesson cache is full: the rest is pinned or in use. Unpin lessons or raise the cache size.',
      );
    }
    this.#reserved += size;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#reserved -= size;
      },
    };
  }

  /** Evicts until `needed` bytes are freed or nothing evictable is left; returns the bytes freed. */
  async #evict(needed: number): Promise<number> {
    const candidates = await sql<EvictionCandidate>`
      SELECT b.sha256, b.size, b.relative_path FROM blobs b
      WHERE NOT EXISTS (
        SELECT 1 FROM lesson_resources r JOIN lesson_pins p ON p.lesson_id = r.lesson_id WHERE r.sha256 = b.sha256
      )
      ORDER BY EXISTS (SELECT 1 FROM lesson_resources r WHERE r.sha256 = b.sha256),
        COALESCE(b.last_used_at, b.verified_at), b.sha256`.execute(this.#db);
    let freed = 0;
    for (const blob of candidates.rows) {
      if (freed >= needed) break;
      if (this.#inUse.has(blob.sha256)) continue;
      // Row first: a blob without a row is never served, so a crash between
      // the two steps leaves at worst an orphan file, never a broken lesson.
      await this.#db.deleteFrom('blobs').where('sha256', '=', blob.sha256).execute();
      await removeQuietly(join(this.#cacheDir, blob.relative_path));
      freed += blob.size;
    }
    return freed;
  }
}
