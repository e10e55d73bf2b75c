import { HostErrorCode, type HostError, type LessonDownload } from '@sinif/shared';
import { HostFailure } from '../../host/host-failure.ts';
import type { BlobStore, WantedBlob } from '../blobs/blob-store.ts';
import type { CacheDb } from '../cache/database.ts';
import { forEachBounded } from '../concurrency.ts';
import type { FetchBlob } from '../library-sync.ts';
import type { ServerAuth } from '../server-client.ts';
import { LessonDownloadCancelled } from './download-cancelled.ts';

interface LessonFile extends WantedBlob {
  verified: boolean;
}

/** A full disk or cache fails every remaining file: that is the news, not the first mismatch. */
const FULL: readonly string[] = [HostErrorCode.diskFull, HostErrorCode.quotaExceeded];

/**
 * Downloads the user asked for, lesson by lesson, beside the library sync
 * (through the same shared fetch, so a file both want is fetched once). A
 * running or failed download is listed by `list()` for the renderer to poll;
 * a finished one drops out, and the library then shows the lesson offline.
 * A cancelled one drops out at once; what it verified stays, and a file it
 * had half fetched keeps its `.part` for the next download to resume.
 */
export class LessonDownloads {
  readonly #db: CacheDb;
  readonly #blobs: BlobStore;
  readonly #fetchBlob: FetchBlob;
  readonly #concurrency: number;
  readonly #logError: (message: string, error: unknown) => void;
  readonly #downloads = new Map<string, LessonDownload>();
  readonly #running = new Set<Promise<void>>();
  /** The run of each lesson downloading now, for `finished`. */
  readonly #runs = new Map<string, Promise<void>>();
  /** Aborts the run of each lesson downloading now (`cancel`). */
  readonly #cancels = new Map<string, AbortController>();

  constructor(
    parts: { db: CacheDb; blobs: BlobStore; fetchBlob: FetchBlob },
    options: { concurrency: number },
    logError: (message: string, error: unknown) => void,
  ) {
    this.#db = parts.db;
    this.#blobs = parts.blobs;
    this.#fetchBlob = parts.fetchBlob;
    this.#concurrency = options.concurrency;
    this.#logError = logError;
  }

  /** Starts downloading the lesson's missing files, or joins the download already running. */
  async start(auth: ServerAuth, lessonId: string): Promise<LessonDownload> {
    const running = this.#downloads.get(lessonId);
    if (running?.state === 'downloading') return { ...running };
    const files = await this.#files(lessonId);
    // Another call may have started it while the files were looked up.
    const started = this.#downloads.get(lessonId);
    if (started?.state === 'downloading') return { ...started };
    const bytesTotal = files.reduce((sum, f) => sum + f.size, 0);
    const missing = files.filter((f) => !f.verified);
    if (missing.length === 0) {
      this.#downloads.delete(lessonId);
      return { lessonId, state: 'done', bytesDone: bytesTotal, bytesTotal, error: null };
    }
    const download: LessonDownload = { lessonId, state: 'downloading', bytesDone: bytesTotal - sumOf(missing), bytesTotal, error: null };
    this.#downloads.set(lessonId, download);
    const cancel = new AbortController();
    const run = this.#run(auth, download, files, missing, cancel.signal).finally(() => {
      this.#running.delete(run);
      if (this.#runs.get(lessonId) === run) this.#runs.delete(lessonId);
      if (this.#cancels.get(lessonId) === cancel) this.#cancels.delete(lessonId);
    });
    this.#running.add(run);
    this.#runs.set(lessonId, run);
    this.#cancels.set(lessonId, cancel);
    return { ...download };
  }

  /**
   * Downloads the lesson's missing files (or joins the running download) and
   * resolves when it is over: 'done', or 'failed' with the error.
   */
  async fetch(auth: ServerAuth, lessonId: string): Promise<LessonDownload> {
    const started = await this.start(auth, lessonId);
    if (started.state !== 'downloading') return started;
    const cancel = this.#cancels.get(lessonId);
    await this.#runs.get(lessonId);
    if (cancel?.signal.aborted) {
      return { ...started, state: 'failed', error: { code: HostErrorCode.downloadCancelled, message: 'The download was cancelled.' } };
    }
    const failed = this.#downloads.get(lessonId);
    return failed?.state === 'failed' ? { ...failed } : { ...started, state: 'done', bytesDone: started.bytesTotal };
  }

  /**
   * Stops the lesson's running download and resolves once its transfers have
   * stopped. A file another download or the library sync also wants is left
   * to them. False when the lesson was not downloading (a failed download
   * stays listed with its error: the user retries it, or not).
   */
  async cancel(lessonId: string): Promise<boolean> {
    const download = this.#downloads.get(lessonId);
    const cancel = this.#cancels.get(lessonId);
    if (download?.state !== 'downloading' || !cancel) return false;
    this.#downloads.delete(lessonId);
    cancel.abort(new LessonDownloadCancelled(lessonId));
    await this.#runs.get(lessonId);
    return true;
  }

  /** The running or failed download of one lesson, if any. */
  of(lessonId: string): LessonDownload | null {
    const download = this.#downloads.get(lessonId);
    return download ? { ...download } : null;
  }

  list(): LessonDownload[] {
    return [...this.#downloads.values()].map((d) => ({ ...d, error: d.error && { ...d.error } }));
  }

  /** Resolves when every running download has finished (closing the core, tests). */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running);
  }

  async #run(auth: ServerAuth, download: LessonDownload, files: LessonFile[], missing: LessonFile[], cancelled: AbortSignal): Promise<void> {
    // The lesson's files stay put while the rest arrives: making room for its
    // last file must not evict its first.
    const release = this.#blobs.quota.hold(files.map((f) => f.sha256));
    try {
      const failures = await forEachBounded(missing, this.#concurrency, (file) =>
        this.#fetchBlob(
          auth,
          file,
          (n) => {
            // A restarted or resumed file reports its bytes again: never past the whole.
            download.bytesDone = Math.min(download.bytesTotal, download.bytesDone + n);
          },
          cancelled,
        ),
      );
      // Cancelled: `cancel` already took it off the list; its failures are only the cancellation.
      if (cancelled.aborted) return;
      if (failures.length === 0) {
        if (this.#downloads.get(download.lessonId) === download) this.#downloads.delete(download.lessonId);
        return;
      }
      const first = failures.find((f) => f instanceof HostFailure && FULL.includes(f.code)) ?? failures[0];
      download.state = 'failed';
      download.error = this.#hostErrorOf(first);
      download.bytesDone = download.bytesTotal - sumOf(await this.#stillMissing(files));
    } catch (error) {
      download.state = 'failed';
      download.error = this.#hostErrorOf(error);
    } finally {
      release();
    }
  }

  /** The lesson's distinct files; a file counts as verified only if its blob is still intact on disk. */
  async #files(lessonId: string): Promise<LessonFile[]> {
    const lesson = await this.#db.selectFrom('lessons').select('id').where('id', '=', lessonId).executeTakeFirst();
    if (!lesson) throw new HostFailure(HostErrorCode.lessonNotFound, 'This lesson is not in the library.');
    const rows = await this.#db
      .selectFrom('lesson_resources')
      .select(['sha256', (eb) => eb.fn.max('size').as('size')])
      .where('lesson_id', '=', lessonId)
      .groupBy('sha256')
      .execute();
    return Promise.all(
      rows.map(async (row) => ({ sha256: row.sha256, size: Number(row.size), verified: (await this.#blobs.verifiedBlob(row.sha256)) !== null })),
    );
  }

  async #stillMissing(files: LessonFile[]): Promise<LessonFile[]> {
    const verified = await Promise.all(files.map(async (f) => (await this.#blobs.verifiedBlob(f.sha256)) !== null));
    return files.filter((_, i) => !verified[i]);
  }

  #hostErrorOf(error: unknown): HostError {
    if (error instanceof HostFailure) return { code: error.code, message: error.message };
    this.#logError('lesson download failed', error);
    return { code: HostErrorCode.internal, message: 'The download failed unexpectedly.' };
  }
}

function sumOf(files: readonly WantedBlob[]): number {
  return files.reduce((sum, f) => sum + f.size, 0);
}
