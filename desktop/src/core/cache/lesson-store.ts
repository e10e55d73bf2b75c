import type { LanguageCode, Lesson, LessonListItem } from '@sinif/shared';
import { sql } from 'kysely';
import type { CacheDb } from './database.ts';
import type { LessonResourceTable, LessonTable } from './schema.ts';
import { SEARCH_RESULT_LIMIT, toListItem } from '../search/lesson-search.ts';
import { browseLibrary } from '../library/library-browse.ts';

function toLesson(row: LessonTable, resources: LessonResourceTable[]): Lesson {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    subject: row.subject,
    grade: row.grade,
    language: row.language as LanguageCode,
    updatedAt: row.updated_at,
    resources: resources.map((r) => ({ id: r.id, name: r.name, mediaType: r.media_type, size: r.size, sha256: r.sha256 })),
  };
}

/** Read side of the cached catalog. */
export class LessonStore {
  readonly #db: CacheDb;

  constructor(db: CacheDb) {
    this.#db = db;
  }

  /**
   * Every lesson by title when `search` has no words; otherwise the best
   * SEARCH_RESULT_LIMIT matches, ranked as the library browser ranks them
   * (library/library-browse.ts).
   */
  async list(search?: string): Promise<LessonListItem[]> {
    if (search !== undefined && search.trim() !== '') {
      // Only punctuation is "nothing to look for": browseLibrary answers it with no lessons.
      const page = await browseLibrary(this.#db, { search, limit: SEARCH_RESULT_LIMIT });
      return page.lessons.map(({ id, title, description, subject, grade, language, availableOffline }) => ({
        id, title, description, subject, grade, language, availableOffline,
      }));
    }
    const rows = await this.#db
      .selectFrom('lessons as l')
      .select(['l.id', 'l.title', 'l.description', 'l.subject', 'l.grade', 'l.language'])
      .select((eb) =>
        eb
          .not(
            eb.exists(
              eb
                .selectFrom('lesson_resources as r')
                .leftJoin('blobs as b', 'b.sha256', 'r.sha256')
                .select('r.id')
                .whereRef('r.lesson_id', '=', 'l.id')
                .where('b.sha256', 'is', null),
            ),
          )
          .as('available_offline'),
      )
      .orderBy('l.title')
      .orderBy('l.id')
      .execute();
    return rows.map(toListItem);
  }

  async lesson(id: string): Promise<Lesson | null> {
    const row = await this.#db.selectFrom('lessons').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const resources = await this.#db.selectFrom('lesson_resources').selectAll().where('lesson_id', '=', id).orderBy('position').execute();
    return toLesson(row, resources);
  }

  /**
   * Every distinct blob some cached lesson needs and the cache does not hold
   * verified; blobs of pinned lessons first, so a full quota spares those.
   */
  async missingBlobs(): Promise<{ sha256: string; size: number }[]> {
    const rows = await sql<{ sha256: string; size: number }>`
      SELECT r.sha256, max(r.size) AS size FROM lesson_resources r
      LEFT JOIN blobs b ON b.sha256 = r.sha256
      LEFT JOIN lesson_pins p ON p.lesson_id = r.lesson_id
      WHERE b.sha256 IS NULL
      GROUP BY r.sha256
      ORDER BY max(p.lesson_id IS NOT NULL) DESC, r.sha256`.execute(this.#db);
    return rows.rows;
  }

  /** Pins or unpins a lesson for offline use; its blobs are then never evicted. */
  async setPinned(lessonId: string, pinned: boolean): Promise<void> {
    if (!pinned) {
      await this.#db.deleteFrom('lesson_pins').where('lesson_id', '=', lessonId).execute();
      return;
    }
    await this.#db
      .insertInto('lesson_pins')
      .values({ lesson_id: lessonId, pinned_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('lesson_id').doNothing())
      .execute();
  }

  async mediaTypeOf(sha256: string): Promise<string | undefined> {
    const row = await this.#db.selectFrom('lesson_resources').select('media_type').where('sha256', '=', sha256).executeTakeFirst();
    return row?.media_type;
  }
}
