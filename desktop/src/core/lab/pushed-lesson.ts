/**
 * The lesson a teacher pushed to this seat. Shown at once when every file is
 * in the verified cache; otherwise the library sync fetches it (catalog, then
 * files — from classmates first when lab sharing is on) and the seat reports
 * the outcome. A newer push makes an older fetch's outcome moot for the view.
 */
import type { LabLessonFetch } from '@sinif/shared';

export interface LessonSource {
  /** Every file of the lesson is verified in the cache. */
  ready(lessonId: string): Promise<boolean>;
  /**
   * Fetches the lesson's missing files (after a catalog sync when the lesson
   * is not in the cached catalog yet); resolves when done, a string is why it failed.
   */
  fetch(lessonId: string): Promise<string | null>;
  /** Bytes done/total of the lesson's fetch. */
  progress(lessonId: string): Promise<{ done: number; total: number }>;
}

export type LessonOutcome = { status: 'applied' } | { status: 'failed'; reason: string };

/** A running sync may have read the catalog before the lesson was published: one more round then. */
const SYNC_ROUNDS = 2;

export class PushedLesson {
  readonly #source: LessonSource;
  #current: LabLessonFetch | null = null;

  constructor(source: LessonSource) {
    this.#source = source;
  }

  async view(): Promise<LabLessonFetch | null> {
    const current = this.#current;
    if (current?.state !== 'fetching') return current;
    return { ...current, ...(await this.#source.progress(current.lessonId)) };
  }

  clear(): void {
    this.#current = null;
  }

  /** Shows `lessonId` (null closes it); resolves with what to report once it is shown or cannot be. */
  async show(lessonId: string | null): Promise<LessonOutcome> {
    if (lessonId === null) {
      this.#current = null;
      return { status: 'applied' };
    }
    if (this.#current?.lessonId === lessonId && this.#current.state === 'ready') return { status: 'applied' };
    const entry: LabLessonFetch = { lessonId, state: 'fetching', done: 0, total: 0, reason: null };
    this.#current = entry;
    let reason: string | null = null;
    for (let round = 0; round < SYNC_ROUNDS; round += 1) {
      if (await this.#source.ready(lessonId)) return this.#settle(entry, null);
      reason = await this.#source.fetch(lessonId);
    }
    if (await this.#source.ready(lessonId)) return this.#settle(entry, null);
    return this.#settle(entry, reason ?? 'LESSON_NOT_AVAILABLE_OFFLINE');
  }

  /** Fast path for the command ack: already cached, nothing to fetch. */
  async isReady(lessonId: string | null): Promise<boolean> {
    return lessonId === null || (await this.#source.ready(lessonId));
  }

  #settle(entry: LabLessonFetch, reason: string | null): LessonOutcome {
    // Only the latest push decides what the seat shows.
    if (this.#current === entry) this.#current = { ...entry, state: reason === null ? 'ready' : 'failed', reason };
    return reason === null ? { status: 'applied' } : { status: 'failed', reason };
  }
}
