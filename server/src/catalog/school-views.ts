/**
 * Keeps `school_catalog` (what each school sees) equal to what its
 * subscriptions and the channels' lessons say it should see. Every catalog
 * write calls `refreshSchoolViews` in its own transaction with the part of the
 * world it touched (some lessons, some schools); the refresh recomputes the
 * wanted rows for that part, compares them with the stored rows and writes
 * only the differences, each with a fresh seq:
 *   wanted, not visible        → visible (the school gets an upsert);
 *   visible, no longer wanted  → hidden  (the school gets a delete);
 *   visible, content changed   → new seq (the school gets the new state).
 * Being a diff, a refresh is idempotent and any scope may be refreshed twice.
 */
import type { Transaction } from 'kysely';
import type { StoreSchema } from '../db/schema.ts';
import type { SeqRun } from './catalog-seq.ts';
import { parseFilter, wantsLesson } from './subscription-filter.ts';

type Trx = Transaction<StoreSchema>;

export interface ViewScope {
  /** Only these schools (all subscribing schools when omitted). */
  schoolIds?: readonly string[];
  /** Only these lessons (all lessons of the schools' channels when omitted). */
  lessonIds?: readonly string[];
}

interface ViewChange {
  schoolId: string;
  lessonId: string;
  visible: 0 | 1;
}

const key = (schoolId: string, lessonId: string): string => `${schoolId}\u0000${lessonId}`;
/** Keeps statements under SQLite's bound-parameter limit. */
const CHUNK = 400;
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

async function wantedRows(trx: Trx, scope: ViewScope): Promise<Set<string>> {
  let subscriptions = trx.selectFrom('channel_subscriptions').selectAll();
  if (scope.schoolIds) subscriptions = subscriptions.where('school_id', 'in', [...scope.schoolIds]);
  if (scope.lessonIds) {
    const lessonIds = [...scope.lessonIds];
    subscriptions = subscriptions.where('channel_id', 'in', trx.selectFrom('channel_lessons').select('channel_id').where('lesson_id', 'in', lessonIds));
  }
  const subs = await subscriptions.execute();
  const channelIds = [...new Set(subs.map((s) => s.channel_id))];
  const wanted = new Set<string>();
  if (channelIds.length === 0) return wanted;

  let members = trx
    .selectFrom('channel_lessons')
    .innerJoin('lessons', 'lessons.id', 'channel_lessons.lesson_id')
    .select(['channel_lessons.channel_id as channelId', 'lessons.id as id', 'lessons.grade as grade', 'lessons.language as language'])
    .where('lessons.deleted', '=', 0)
    .where('channel_lessons.channel_id', 'in', channelIds);
  if (scope.lessonIds) members = members.where('channel_lessons.lesson_id', 'in', [...scope.lessonIds]);
  const byChannel = new Map<string, { id: string; grade: number; language: string }[]>();
  for (const m of await members.execute()) {
    const list = byChannel.get(m.channelId) ?? [];
    list.push(m);
    byChannel.set(m.channelId, list);
  }
  for (const sub of subs) {
    const filter = parseFilter(sub);
    for (const lesson of byChannel.get(sub.channel_id) ?? []) {
      if (wantsLesson(filter, lesson)) wanted.add(key(sub.school_id, lesson.id));
    }
  }
  return wanted;
}

async function storedRows(trx: Trx, scope: ViewScope): Promise<{ school_id: string; lesson_id: string; visible: number }[]> {
  let rows = trx.selectFrom('school_catalog').select(['school_id', 'lesson_id', 'visible']);
  if (scope.schoolIds) rows = rows.where('school_id', 'in', [...scope.schoolIds]);
  if (scope.lessonIds) rows = rows.where('lesson_id', 'in', [...scope.lessonIds]);
  return rows.execute();
}

async function planChanges(trx: Trx, scope: ViewScope, changedLessons: ReadonlySet<string>): Promise<ViewChange[]> {
  const wanted = await wantedRows(trx, scope);
  const changes: ViewChange[] = [];
  for (const row of await storedRows(trx, scope)) {
    const k = key(row.school_id, row.lesson_id);
    const want = wanted.delete(k);
    if (row.visible === 1 && !want) changes.push({ schoolId: row.school_id, lessonId: row.lesson_id, visible: 0 });
    else if (want && (row.visible === 0 || changedLessons.has(row.lesson_id))) {
      changes.push({ schoolId: row.school_id, lessonId: row.lesson_id, visible: 1 });
    }
  }
  for (const k of wanted) {
    const [schoolId, lessonId] = k.split('\u0000') as [string, string];
    changes.push({ schoolId, lessonId, visible: 1 });
  }
  // Stable order: a fresh client and a catching-up one read changes in the same order.
  return changes.sort((a, b) => (a.schoolId === b.schoolId ? a.lessonId.localeCompare(b.lessonId) : a.schoolId.localeCompare(b.schoolId)));
}

/**
 * Brings the views in `scope` up to date. `changedLessons`: lessons whose
 * content this transaction changed, so schools still seeing them must get
 * them again. Returns how many (school, lesson) rows changed.
 */
export async function refreshSchoolViews(
  trx: Trx,
  seqs: SeqRun,
  scope: ViewScope,
  changedLessons: ReadonlySet<string> = new Set(),
): Promise<number> {
  if (scope.schoolIds?.length === 0 || scope.lessonIds?.length === 0) return 0;
  const changes = await planChanges(trx, scope, changedLessons);
  const first = await seqs.forViews(changes.length);
  for (const [n, batch] of chunks(changes).entries()) {
    await trx
      .insertInto('school_catalog')
      .values(batch.map((c, i) => ({ school_id: c.schoolId, lesson_id: c.lessonId, visible: c.visible, seq: first + n * CHUNK + i })))
      .onConflict((oc) =>
        oc.columns(['school_id', 'lesson_id']).doUpdateSet((eb) => ({ visible: eb.ref('excluded.visible'), seq: eb.ref('excluded.seq') })),
      )
      .execute();
  }
  return changes.length;
}

/** Rebuilds the views of schools marked stale (new schools, upgraded stores); cheap when none is. */
export async function refreshStaleSchool(trx: Trx, seqs: SeqRun, schoolId: string): Promise<boolean> {
  const stale = await trx.selectFrom('school_catalog_stale').select('school_id').where('school_id', '=', schoolId).executeTakeFirst();
  if (!stale) return false;
  await refreshSchoolViews(trx, seqs, { schoolIds: [schoolId] });
  await trx.deleteFrom('school_catalog_stale').where('school_id', '=', schoolId).execute();
  return true;
}
