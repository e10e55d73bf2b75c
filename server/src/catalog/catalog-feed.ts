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
import { sql } from 'kysely';
import type { CatalogChangesPage } from '@sinif/shared';
import type { StoreDb } from '../db/store.ts';
import { SeqRun } from './catalog-seq.ts';
import { refreshStaleSchool } from './school-views.ts';

export const CATALOG_PAGE_DEFAULT = 500;

/**
 * One page of the feed as the JSON text the route sends. SQLite builds it
 * (json_object / json_group_array): a page is a thousand lessons with their
 * resources, and building those as JS objects only to serialise them again
 * cost the server about three times the SQL itself (a first sync of a
 * 100k-lesson library asks for a hundred pages; see desktop/bench/library.bench.ts).
 * The shape is CatalogChangesPage; server/test/catalog/catalog-feed.test.ts
 * checks every page against that schema.
 */
export async function catalogPageJson(db: StoreDb, schoolId: string, after: number, limit: number): Promise<string> {
  const stale = await db.selectFrom('school_catalog_stale').select('school_id').where('school_id', '=', schoolId).executeTakeFirst();
  if (stale) await db.transaction().execute(async (trx) => refreshStaleSchool(trx, new SeqRun(trx), schoolId));

  // One statement, one snapshot: the view rows, lessons and resources agree.
  // Subquery results lose SQLite's JSON subtype, hence json(...) around them.
  // better-sqlite3 binds a JS number as REAL: the cursor would come back as "7.0".
  const cursor = BigInt(after);
  const result = await sql<{ page: string }>`
    WITH fetched AS (
      SELECT sc.seq, sc.visible, sc.lesson_id FROM school_catalog sc
      JOIN lessons l ON l.id = sc.lesson_id
      WHERE sc.school_id = ${schoolId} AND sc.seq > ${cursor}
      ORDER BY sc.seq LIMIT ${limit + 1}
    ),
    page AS (SELECT * FROM fetched ORDER BY seq LIMIT ${limit})
    SELECT json_object(
      'changes', json(coalesce((
        SELECT json_group_array(
          CASE WHEN p.visible = 0 THEN json_object('seq', p.seq, 'kind', 'delete', 'lessonId', p.lesson_id)
          ELSE json_object('seq', p.seq, 'kind', 'upsert', 'lesson', json_object(
            'id', l.id, 'title', l.title, 'description', l.description, 'subject', l.subject,
            'grade', l.grade, 'language', l.language, 'updatedAt', l.updated_at,
            'resources', json((
              SELECT json_group_array(json_object(
                'id', r.id, 'name', r.name, 'mediaType', r.media_type, 'size', r.size, 'sha256', r.sha256
              ) ORDER BY r.position)
              FROM lesson_resources r WHERE r.lesson_id = l.id
            ))
          )) END
          ORDER BY p.seq)
        FROM page p JOIN lessons l ON l.id = p.lesson_id
      ), '[]')),
      'cursor', CAST(coalesce((SELECT max(seq) FROM page), ${cursor}) AS TEXT),
      'hasMore', json(CASE WHEN (SELECT count(*) FROM fetched) > ${limit} THEN 'true' ELSE 'false' END)
    ) AS page`.execute(db);
  return result.rows[0]!.page;
}

/** The same page as an object, for callers inside the server and tests. */
export async function catalogChangesAfter(db: StoreDb, schoolId: string, after: number, limit: number): Promise<CatalogChangesPage> {
  return JSON.parse(await catalogPageJson(db, schoolId, after, limit)) as CatalogChangesPage;
}
