/**
 * Reading the catalog change feed: "what changed after cursor C", in pages.
 * Each lesson appears once, in its newest state (a tombstone for a deleted
 * one), ordered by seq; see migrations/0002-catalog.ts for why that is exact.
 */
import type { CatalogChange, CatalogChangesPage, LanguageCode, LessonResource } from '@sinif/shared';
import type { StoreDb } from '../db/store.ts';

export const CATALOG_PAGE_DEFAULT = 500;

export async function catalogChangesAfter(db: StoreDb, after: number, limit: number): Promise<CatalogChangesPage> {
  // One transaction: the lesson rows and their resources come from the same snapshot.
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('lessons')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(limit + 1)
      .execute();
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;

    const liveIds = page.filter((r) => r.deleted === 0).map((r) => r.id);
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
      r.deleted === 1
        ? { seq: r.seq, kind: 'delete', lessonId: r.id }
        : {
            seq: r.seq,
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
    return { changes, cursor: String(last ? last.seq : after), hasMore };
  });
}
