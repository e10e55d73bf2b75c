import type { CatalogChange, LanguageCode, Lesson, LessonListItem } from '@sinif/shared';
import { sql, type Transaction } from 'kysely';
import type { CacheDb } from './database.ts';
import type { CacheSchema, LessonResourceTable, LessonTable } from './schema.ts';

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

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

/** Applies one catalog change inside the caller's transaction. */
export async function applyCatalogChange(trx: Transaction<CacheSchema>, change: CatalogChange): Promise<void> {
  const lessonId = change.kind === 'upsert' ? change.lesson.id : change.lessonId;
  // Resources cascade with the lesson row, so an upsert is delete + insert.
  await trx.deleteFrom('lessons').where('id', '=', lessonId).execute();
  if (change.kind === 'delete') return;
  const { lesson } = change;
  await trx
    .insertInto('lessons')
    .values({
      id: lesson.id,
      title: lesson.title,
      description: lesson.description,
      subject: lesson.subject,
      grade: lesson.grade,
      language: lesson.language,
      updated_at: lesson.updatedAt,
    })
    .execute();
  if (lesson.resources.length === 0) return;
  await trx
    .insertInto('lesson_resources')
    .values(
      lesson.resources.map((r, position) => ({
        lesson_id: lesson.id,
        position,
        id: r.id,
        name: r.name,
        media_type: r.mediaType,
        size: r.size,
        sha256: r.sha256,
      })),
    )
    .execute();
}

/** Read side of the cached catalog. */
export class LessonStore {
  readonly #db: CacheDb;

  constructor(db: CacheDb) {
    this.#db = db;
  }

  /** Case-insensitive substring search over title, subject and description (FTS comes later). */
  async list(search?: string): Promise<LessonListItem[]> {
    let query = this.#db
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
      .orderBy('l.id');
    const needle = search?.trim();
    if (needle) {
      const pattern = `%${escapeLike(needle.toLowerCase())}%`;
      query = query.where((eb) =>
        eb.or(
          (['l.title', 'l.subject', 'l.description'] as const).map(
            (column) => sql<boolean>`fold_case(${eb.ref(column)}) LIKE ${pattern} ESCAPE '\\'`,
          ),
        ),
      );
    }
    const rows = await query.execute();
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      description: row.description,
      subject: row.subject,
      grade: row.grade,
      language: row.language as LanguageCode,
      availableOffline: Boolean(row.available_offline),
    }));
  }

  async lesson(id: string): Promise<Lesson | null> {
    const row = await this.#db.selectFrom('lessons').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const resources = await this.#db.selectFrom('lesson_resources').selectAll().where('lesson_id', '=', id).orderBy('position').execute();
    return toLesson(row, resources);
  }

  /** Every distinct blob some cached lesson needs and the cache does not hold verified. */
  async missingBlobs(): Promise<{ sha256: string; size: number }[]> {
    return this.#db
      .selectFrom('lesson_resources as r')
      .leftJoin('blobs as b', 'b.sha256', 'r.sha256')
      .where('b.sha256', 'is', null)
      .select(['r.sha256', (eb) => eb.fn.max('r.size').as('size')])
      .groupBy('r.sha256')
      .orderBy('r.sha256')
      .execute();
  }

  async mediaTypeOf(sha256: string): Promise<string | undefined> {
    const row = await this.#db.selectFrom('lesson_resources').select('media_type').where('sha256', '=', sha256).executeTakeFirst();
    return row?.media_type;
  }
}
