/**
 * The one way lessons enter or leave the catalog. Every write takes the next
 * value of the catalog counter in the same transaction, so the feed's seqs are
 * strictly increasing and a change is never visible without its seq.
 * (On PostgreSQL this must keep one writer per catalog or take a lock on the
 * counter row, for the same reason: seq order must equal commit order.)
 */
import type { Lesson } from '@sinif/shared';
import type { Transaction } from 'kysely';
import type { StoreDb } from '../db/store.ts';
import type { StoreSchema } from '../db/schema.ts';

export type LessonInput = Omit<Lesson, 'updatedAt'> & { updatedAt?: string };

async function nextSeq(trx: Transaction<StoreSchema>): Promise<number> {
  const row = await trx
    .updateTable('catalog_seq')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
    .where('id', '=', 1)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return row.last_seq;
}

/** Creates or replaces a lesson (with its resources); returns the change's seq. */
export async function upsertLesson(db: StoreDb, lesson: LessonInput, now = new Date()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const seq = await nextSeq(trx);
    const row = {
      id: lesson.id,
      title: lesson.title,
      description: lesson.description,
      subject: lesson.subject,
      grade: lesson.grade,
      language: lesson.language,
      updated_at: lesson.updatedAt ?? now.toISOString(),
      deleted: 0,
      seq,
    };
    const { id: _id, ...changed } = row;
    await trx
      .insertInto('lessons')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(changed))
      .execute();
    await trx.deleteFrom('lesson_resources').where('lesson_id', '=', lesson.id).execute();
    if (lesson.resources.length > 0) {
      await trx
        .insertInto('lesson_resources')
        .values(
          lesson.resources.map((r, position) => ({
            lesson_id: lesson.id,
            id: r.id,
            name: r.name,
            media_type: r.mediaType,
            size: r.size,
            sha256: r.sha256,
            position,
          })),
        )
        .execute();
    }
    return seq;
  });
}

/**
 * Turns a lesson into a tombstone, so clients that synced it learn to drop it.
 * Returns the change's seq, or null when there was no live lesson with that id.
 */
export async function deleteLesson(db: StoreDb, lessonId: string, now = new Date()): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const live = await trx
      .selectFrom('lessons')
      .select('id')
      .where('id', '=', lessonId)
      .where('deleted', '=', 0)
      .executeTakeFirst();
    if (!live) return null;
    const seq = await nextSeq(trx);
    await trx.deleteFrom('lesson_resources').where('lesson_id', '=', lessonId).execute();
    await trx
      .updateTable('lessons')
      .set({ deleted: 1, seq, updated_at: now.toISOString() })
      .where('id', '=', lessonId)
      .execute();
    return seq;
  });
}
