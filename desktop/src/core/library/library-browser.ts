import { HostErrorCode, type HostArgs, type HostResult, type LessonDownload } from '@sinif/shared';
import { HostFailure } from '../../host/host-failure.ts';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { CacheDb } from '../cache/database.ts';
import type { LessonStore } from '../cache/lesson-store.ts';
import type { FetchBlob } from '../library-sync.ts';
import type { ServerAuth } from '../server-client.ts';
import { browseLibrary } from './library-browse.ts';
import { libraryFacets } from './library-facets.ts';
import { LessonDownloads } from './lesson-downloads.ts';

export interface LibraryBrowserParts {
  db: CacheDb;
  lessons: LessonStore;
  blobs: BlobStore;
  /** The core's shared fetch (sharedBlobFetch), the one the library sync uses too. */
  fetchBlob: FetchBlob;
  /** The signed-in PC's credentials; throws NOT_ENROLLED / NOT_SIGNED_IN otherwise. */
  auth: () => Promise<ServerAuth>;
  logError: (message: string, error: unknown) => void;
}

/** The `library.browse/facets/download/downloads/cancelDownload/pin` host methods over the cache. */
export class LibraryBrowser {
  readonly #parts: LibraryBrowserParts;
  readonly #downloads: LessonDownloads;

  constructor(parts: LibraryBrowserParts, options: { downloadConcurrency?: number } = {}) {
    this.#parts = parts;
    this.#downloads = new LessonDownloads(parts, { concurrency: options.downloadConcurrency ?? 2 }, parts.logError);
  }

  browse(args: HostArgs<'library.browse'>): Promise<HostResult<'library.browse'>> {
    return browseLibrary(this.#parts.db, args);
  }

  facets(args: HostArgs<'library.facets'>): Promise<HostResult<'library.facets'>> {
    return libraryFacets(this.#parts.db, args);
  }

  async download(args: HostArgs<'library.download'>): Promise<HostResult<'library.download'>> {
    return this.#downloads.start(await this.#parts.auth(), args.lessonId);
  }

  /** Fetches one lesson's files and waits for them (a lesson pushed to this seat). */
  async fetchLesson(lessonId: string): Promise<LessonDownload> {
    return this.#downloads.fetch(await this.#parts.auth(), lessonId);
  }

  downloadOf(lessonId: string): LessonDownload | null {
    return this.#downloads.of(lessonId);
  }

  async cancelDownload(args: HostArgs<'library.cancelDownload'>): Promise<HostResult<'library.cancelDownload'>> {
    return { lessonId: args.lessonId, cancelled: await this.#downloads.cancel(args.lessonId) };
  }

  downloads(): HostResult<'library.downloads'> {
    return { downloads: this.#downloads.list() };
  }

  async pin(args: HostArgs<'library.pin'>): Promise<HostResult<'library.pin'>> {
    const lesson = await this.#parts.db.selectFrom('lessons').select('id').where('id', '=', args.lessonId).executeTakeFirst();
    // Unpinning a lesson the catalog dropped meanwhile is still allowed: the pin row must be able to go.
    if (!lesson && args.pinned) throw new HostFailure(HostErrorCode.lessonNotFound, 'This lesson is not in the library.');
    await this.#parts.lessons.setPinned(args.lessonId, args.pinned);
    return { lessonId: args.lessonId, pinned: args.pinned };
  }

  /** Resolves when no lesson download runs any more. */
  settled(): Promise<void> {
    return this.#downloads.settled();
  }
}
