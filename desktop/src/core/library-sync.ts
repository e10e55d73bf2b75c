import { HostErrorCode, type SyncStatus } from '@sinif/shared';
import { HostFailure } from '../host/host-failure.ts';
import type { BlobStore, WantedBlob } from './blobs/blob-store.ts';
import type { CacheDb } from './cache/database.ts';
import type { LessonStore } from './cache/lesson-store.ts';
import { SyncStateStore } from './cache/sync-state-store.ts';
import { syncCatalog } from './catalog-sync.ts';
import { forEachBounded } from './concurrency.ts';
import type { ServerAuth, ServerClient } from './server-client.ts';

export interface LibrarySyncOptions {
  catalogPageSize: number;
  downloadConcurrency: number;
}

/**
 * Downloads and verifies one blob into the store (from the server, or a lab classmate first).
 * `signal`: this caller stops (a cancelled lesson download); the `.part` stays for a resume.
 */
export type FetchBlob = (auth: ServerAuth, blob: WantedBlob, onBytes: (n: number) => void, signal?: AbortSignal) => Promise<void>;

function hostErrorOf(error: unknown): { code: string; message: string } {
  if (error instanceof HostFailure) return { code: error.code, message: error.message };
  return { code: HostErrorCode.internal, message: 'The library sync failed unexpectedly.' };
}

/**
 * One library sync at a time: catalog first, then every missing blob. The
 * status object is what `library.status` reports while it runs.
 */
export class LibrarySync {
  readonly #db: CacheDb;
  readonly #client: ServerClient;
  readonly #lessons: LessonStore;
  readonly #blobs: BlobStore;
  readonly #fetchBlob: FetchBlob;
  readonly #options: LibrarySyncOptions;
  readonly #logError: (message: string, error: unknown) => void;
  /** Aborts when the core closes: the catalog stops after its last committed page, downloads at once. */
  readonly #stop: AbortSignal | undefined;
  #status: SyncStatus = { state: 'idle', phase: null, done: 0, total: 0, bytesDone: 0, bytesTotal: 0, lastSyncedAt: null, error: null };
  #running: Promise<void> | null = null;

  constructor(
    parts: { db: CacheDb; client: ServerClient; lessons: LessonStore; blobs: BlobStore; fetchBlob?: FetchBlob; stop?: AbortSignal },
    options: LibrarySyncOptions,
    logError: (message: string, error: unknown) => void,
  ) {
    this.#db = parts.db;
    this.#client = parts.client;
    this.#lessons = parts.lessons;
    this.#blobs = parts.blobs;
    this.#stop = parts.stop;
    // A given fetchBlob must honour `stop` itself (the core's does).
    this.#fetchBlob = parts.fetchBlob ?? ((auth, blob, onBytes) => parts.blobs.download(parts.client, auth, blob, onBytes, parts.stop));
    this.#options = options;
    this.#logError = logError;
  }

  async status(): Promise<SyncStatus> {
    if (this.#status.lastSyncedAt === null && this.#status.state === 'idle') {
      this.#status = { ...this.#status, lastSyncedAt: await new SyncStateStore(this.#db).lastSyncedAt() };
    }
    return { ...this.#status, error: this.#status.error && { ...this.#status.error } };
  }

  /** Starts a sync unless one runs; returns the status either way. */
  async start(auth: ServerAuth): Promise<SyncStatus> {
    if (!this.#running) {
      const lastSyncedAt = (await this.status()).lastSyncedAt;
      this.#status = { state: 'syncing', phase: 'catalog', done: 0, total: 1, bytesDone: 0, bytesTotal: 0, lastSyncedAt, error: null };
      this.#running = this.#run(auth).finally(() => {
        this.#running = null;
      });
    }
    return this.status();
  }

  /** Resolves when the running sync (if any) has finished. */
  async settled(): Promise<void> {
    await this.#running;
  }

  async #run(auth: ServerAuth): Promise<void> {
    try {
      await syncCatalog(this.#db, this.#client, auth, {
        pageSize: this.#options.catalogPageSize,
        signal: this.#stop,
        onPage: (pages, hasMore) => {
          this.#status = { ...this.#status, done: pages, total: pages + (hasMore ? 1 : 0) };
        },
      });
      const missing = await this.#lessons.missingBlobs();
      const bytesTotal = missing.reduce((sum, blob) => sum + blob.size, 0);
      this.#status = { ...this.#status, phase: 'content', done: 0, total: missing.length, bytesDone: 0, bytesTotal };
      // What this sync fetches must not be evicted to make room for the rest of it.
      const release = this.#blobs.quota.hold(missing.map((blob) => blob.sha256));
      const failures = await forEachBounded(missing, this.#options.downloadConcurrency, async (blob) => {
        await this.#fetchBlob(auth, blob, (n) => {
          this.#status = { ...this.#status, bytesDone: this.#status.bytesDone + n };
        });
        this.#status = { ...this.#status, done: this.#status.done + 1 };
      }).finally(release);
      // A full disk or cache fails every remaining file: report that, not the first mismatch.
      const full: string[] = [HostErrorCode.diskFull, HostErrorCode.quotaExceeded];
      const first = failures.find((f) => f instanceof HostFailure && full.includes(f.code)) ?? failures[0];
      if (failures.length > 0) throw first;
      const now = new Date().toISOString();
      await new SyncStateStore(this.#db).markSynced(now);
      this.#status = { ...this.#status, state: 'idle', phase: null, lastSyncedAt: now, error: null };
    } catch (error) {
      if (!(error instanceof HostFailure)) this.#logError('library sync failed', error);
      this.#status = { ...this.#status, state: 'error', phase: null, error: hostErrorOf(error) };
    }
  }
}
