/** Where a seat's pushed lessons come from: the verified cache, filled by the library sync. */
import type { BlobStore } from '../blobs/blob-store.ts';
import type { LessonStore } from '../cache/lesson-store.ts';
import type { LibrarySync } from '../library-sync.ts';
import type { ServerAuth } from '../server-client.ts';
import type { LessonSource } from './pushed-lesson.ts';

export function cachedLessons(parts: { lessons: LessonStore; blobs: BlobStore; sync: LibrarySync; auth: () => Promise<ServerAuth | null> }): LessonSource {
  return {
    async ready(lessonId) {
      const lesson = await parts.lessons.lesson(lessonId);
      if (!lesson) return false;
      const blobs = await Promise.all(lesson.resources.map((r) => parts.blobs.verifiedBlob(r.sha256)));
      return blobs.every((blob) => blob !== null);
    },
    async sync() {
      const auth = await parts.auth();
      if (!auth) return 'NOT_SIGNED_IN';
      await parts.sync.start(auth);
      await parts.sync.settled();
      const status = await parts.sync.status();
      return status.state === 'error' ? (status.error?.code ?? 'SYNC_FAILED') : null;
    },
    async progress() {
      const status = await parts.sync.status();
      return status.phase === 'content' ? { done: status.done, total: status.total } : { done: 0, total: 0 };
    },
  };
}
