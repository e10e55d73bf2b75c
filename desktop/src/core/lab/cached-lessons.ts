/**
 * Where a seat's pushed lessons come from: the verified cache; a lesson
 * missing files is fetched on its own, ahead of the rest of the library
 * (through the shared blob fetch: a classmate PC first, then the server).
 */
import type { LessonDownload } from '@sinif/shared';
import { HostFailure } from '../../host/host-failure.ts';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { LessonStore } from '../cache/lesson-store.ts';
import type { LibrarySync } from '../library-sync.ts';
import type { ServerAuth } from '../server-client.ts';
import type { LessonSource } from './pushed-lesson.ts';

export interface CachedLessonParts {
  lessons: LessonStore;
  blobs: BlobStore;
  sync: LibrarySync;
  auth: () => Promise<ServerAuth | null>;
  /** Downloads one lesson's files and resolves when that is over. */
  fetchLesson: (lessonId: string) => Promise<LessonDownload>;
  downloadOf: (lessonId: string) => LessonDownload | null;
}

export function cachedLessons(parts: CachedLessonParts): LessonSource {
  /** A catalog that does not list the lesson yet: sync it (the teacher's PC may have a newer catalog). */
  async function syncCatalog(): Promise<string | null> {
    const auth = await parts.auth();
    if (!auth) return 'NOT_SIGNED_IN';
    await parts.sync.start(auth);
    await parts.sync.settled();
    const status = await parts.sync.status();
    return status.state === 'error' ? (status.error?.code ?? 'SYNC_FAILED') : null;
  }

  return {
    async ready(lessonId) {
      const lesson = await parts.lessons.lesson(lessonId);
      if (!lesson) return false;
      const blobs = await Promise.all(lesson.resources.map((r) => parts.blobs.verifiedBlob(r.sha256)));
      return blobs.every((blob) => blob !== null);
    },
    async fetch(lessonId) {
      // A failure is the reason the seat reports, never a rejection: the lab link shows pushed lessons without awaiting them.
      try {
        if (!(await parts.lessons.lesson(lessonId))) return await syncCatalog();
        const download = await parts.fetchLesson(lessonId);
        return download.state === 'failed' ? (download.error?.code ?? 'DOWNLOAD_FAILED') : null;
      } catch (error) {
        return error instanceof HostFailure ? error.code : 'DOWNLOAD_FAILED';
      }
    },
    async progress(lessonId) {
      const download = parts.downloadOf(lessonId);
      if (download) return { done: download.bytesDone, total: download.bytesTotal };
      const status = await parts.sync.status();
      return status.phase === 'content' ? { done: status.done, total: status.total } : { done: 0, total: 0 };
    },
  };
}
