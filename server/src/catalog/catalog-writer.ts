/**
 * The one way lessons enter, change or leave the catalog and its channels.
 * Every write runs in one transaction that takes its seqs from the catalog
 * counter (catalog-seq.ts) and refreshes the per-school views it touched
 * (school-views.ts), so a school's feed never shows a change without its seq
 * and never misses one.
 */
import type { Lesson } from '@sinif/shared';
import type { Transaction } from 'kysely';
import type { StoreDb } from '../db/store.ts';
import type { StoreSchema } from '../db/schema.ts';
import { NATIONAL_CHANNEL_ID } from '../db/migrations/0005-library-channels.ts';
import { SeqRun } from './catalog-seq.ts';
import { storeLessonFeedJson } from './lesson-feed-json.ts';
import { refreshSchoolViews } from './school-views.ts';

export type LessonInput = Omit<Lesson, 'updatedAt'> & { updatedAt?: string };
type Trx = Transaction<StoreSchema>;

/** Where a lesson written without naming a channel is published (what the demo seed relies on). */
export const DEFAULT_CHANNEL_ID = NATIONAL_CHANNEL_ID;

async function writeLessonRow(trx: Trx, seqs: SeqRun, lesson: LessonInput, now: Date): Promise<number> {
  const seq = await seqs.next();
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
  await storeLessonFeedJson(trx, lesson.id);
  return seq;
}

/**
 * Creates or replaces lessons inside `trx` and adds them to `channelId`
 * (keeping their other channels). Without a channel, a lesson that is in no
 * channel yet joins the default one. Returns each lesson's seq, in order.
 */
export async function writeLessons(trx: Trx, lessons: readonly LessonInput[], opts: { channelId?: string; now?: Date } = {}): Promise<number[]> {
  const now = opts.now ?? new Date();
  const seqs = new SeqRun(trx);
  const written: number[] = [];
  for (const lesson of lessons) written.push(await writeLessonRow(trx, seqs, lesson, now));
  const ids = lessons.map((l) => l.id);
  for (const id of ids) {
    let channelId = opts.channelId;
    if (channelId === undefined) {
      const member = await trx.selectFrom('channel_lessons').select('channel_id').where('lesson_id', '=', id).executeTakeFirst();
      if (!member) channelId = DEFAULT_CHANNEL_ID;
    }
    if (channelId !== undefined) {
      await trx.insertInto('channel_lessons').values({ channel_id: channelId, lesson_id: id }).onConflict((oc) => oc.doNothing()).execute();
    }
  }
  await refreshSchoolViews(trx, seqs, { lessonIds: ids }, new Set(ids));
  return written;
}

/** Creates or replaces a lesson (with its resources); returns the change's seq. */
export async function upsertLesson(db: StoreDb, lesson: LessonInput, now = new Date()): Promise<number> {
  return db.transaction().execute(async (trx) => (await writeLessons(trx, [lesson], { now }))[0] as number);
}

/**
 * Turns a lesson into a tombstone, so every school that saw it gets a delete.
 * Returns the change's seq, or null when there was no live lesson with that id.
 */
export async function deleteLesson(db: StoreDb, lessonId: string, now = new Date()): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const live = await trx.selectFrom('lessons').select('id').where('id', '=', lessonId).where('deleted', '=', 0).executeTakeFirst();
    if (!live) return null;
    const seqs = new SeqRun(trx);
    const seq = await seqs.next();
    await trx.deleteFrom('lesson_resources').where('lesson_id', '=', lessonId).execute();
    await trx.updateTable('lessons').set({ deleted: 1, seq, updated_at: now.toISOString() }).where('id', '=', lessonId).execute();
    await refreshSchoolViews(trx, seqs, { lessonIds: [lessonId] });
    return seq;
  });
}

export type SetChannelsOutcome = { kind: 'ok'; channelIds: string[] } | { kind: 'noLesson' } | { kind: 'noChannel'; channelId: string };

/**
 * Makes `channelIds` the lesson's channels, in one transaction: moving a
 * lesson from channel A to B never shows a school subscribed to both a
 * delete followed by an upsert.
 */
export async function setLessonChannels(db: StoreDb, lessonId: string, channelIds: readonly string[]): Promise<SetChannelsOutcome> {
  return db.transaction().execute(async (trx): Promise<SetChannelsOutcome> => {
    const lesson = await trx.selectFrom('lessons').select('id').where('id', '=', lessonId).where('deleted', '=', 0).executeTakeFirst();
    if (!lesson) return { kind: 'noLesson' };
    const wanted = [...new Set(channelIds)];
    if (wanted.length > 0) {
      const known = new Set((await trx.selectFrom('channels').select('id').where('id', 'in', wanted).execute()).map((c) => c.id));
      const unknown = wanted.find((id) => !known.has(id));
      if (unknown !== undefined) return { kind: 'noChannel', channelId: unknown };
    }
    await trx.deleteFrom('channel_lessons').where('lesson_id', '=', lessonId).execute();
    if (wanted.length > 0) {
      await trx.insertInto('channel_lessons').values(wanted.map((channel_id) => ({ channel_id, lesson_id: lessonId }))).execute();
    }
    await refreshSchoolViews(trx, new SeqRun(trx), { lessonIds: [lessonId] });
    return { kind: 'ok', channelIds: wanted.sort() };
  });
}
