/**
 * Reading one school's catalog change feed: "what changed after cursor C",
 * in pages. Each lesson the school sees or saw appears once, in its newest
 * state as that school sees it (a delete when it left the school's view);
 * see migrations/0005-library-channels.ts for why that is exact.
 *
 * Paging is stable under concurrent edits: a row only ever moves to a seq
 * above every seq handed out before, so an edit between two page requests
 * lands after the client's cursor and is read on a later page, never skipped.
 */
import type { CatalogChange, CatalogChangesPage, LanguageCode, LessonResource } from '@sinif/shared';
import type { StoreDb } from '../db/store.ts';
import { SeqRun } from './catalog-seq.ts';
import { refreshStaleSchool } from './school-views.ts';

export const CATALOG_PAGE_DEFAULT = 500;

export async function catalogChangesAfter(db: StoreDb, schoolId: string, after: number, limit: number): Promise<CatalogChangesPage> {
  const stale = await db.selectFrom('school_catalog_stale').select('school_id').where('school_id', '=', schoolId).executeTakeFirst();
  if (stale) await db.transaction().execute(async (trx) => refreshStaleSchool(trx, new SeqRun(trx), schoolId));

  // One transaction: the view rows, lessons and resources come from the same snapshot.
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('school_catalog')
      .innerJoin('lessons', 'lessons.id', 'school_catalog.lesson_id')
      .select(['school_catalog.seq as viewSeq', 'school_catalog.visible as visible'])
      .selectAll('lessons')
      .where('school_catalog.school_id', '=', schoolId)
      .where('school_catalog.seq', '>', after)
      .orderBy('school_catalog.seq')
      .limit(limit + 1)
      .execute();
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;

    const liveIds = page.filter((r) => r.visible === 1).map((r) => r.id);
    const resources = new Map<string, LessonResource[]>();
    if (liveIds.length > 0) {
      const resourceRows = await trx
        .selectFrom('lesson_resources')
        .selectAll()
        .where('lesson_id', 'in', liveIds)
        .orderBy('lesson_id')
        .orderBy('position')
        .execute();
      for (const r of resourceRows) {
        const list = resources.get(r.lesson_id) ?? [];
        list.push({ id: r.id, name: r.name, mediaType: r.media_type, size: r.size, sha256: r.sha256 });
        resources.set(r.lesson_id, list);
      }
    }

    const changes: CatalogChange[] = page.map((r) =>
      r.visible === 0
        ? { seq: r.viewSeq, kind: 'delete', lessonId: r.id }
        : {
            seq: r.viewSeq,
            kind: 'upsert',
            lesson: {
              id: r.id,
              title: r.title,
              description: r.description,
              subject: r.subject,
              grade: r.grade,
              language: r.language as LanguageCode,
              updatedAt: r.updated_at,
              resources: resources.get(r.id) ?? [],
            },
          },
    );
    const last = page.at(-1);
    return { changes, cursor: String(last ? last.viewSeq : after), hasMore };
  });
}
