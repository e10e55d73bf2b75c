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
import { CATALOG_PAGE_HEAD, type CatalogChangesPage } from '@sinif/shared';
import type { StoreDb } from '../db/store.ts';
import { SeqRun } from './catalog-seq.ts';
import { refreshStaleSchool } from './school-views.ts';
import { lessonFeedJsonSql } from './lesson-feed-json.ts';

export const CATALOG_PAGE_DEFAULT = 500;

/**
 * One page of the feed as the UTF-8 JSON bytes the route sends: a page is a
 * thousand lessons, and a first sync of a 100k-lesson library asks for a
 * hundred pages, per PC. So SQLite joins the lessons' stored feed text
 * (lesson-feed-json.ts) and hands the page over as a blob. Measured per
 * 1,000-lesson page: building each lesson's JSON at read time took 10.6 ms;
 * returned as a JS string, the stored text still took 7.2 ms, most of it
 * turning 600 KB of UTF-8 into a JS string that the route then turned back
 * into UTF-8; as bytes, 2.5 ms.
 * The shape is CatalogChangesPage, one change per line (CATALOG_PAGE_HEAD
 * says why); server/test/catalog/catalog-feed.test.ts checks every page
 * against that schema and that layout.
 */
export async function catalogPageJson(db: StoreDb, schoolId: string, after: number, limit: number): Promise<Buffer> {
  const stale = await db.selectFrom('school_catalog_stale').select('school_id').where('school_id', '=', schoolId).executeTakeFirst();
  if (stale) await db.transaction().execute(async (trx) => refreshStaleSchool(trx, new SeqRun(trx), schoolId));

  // One statement, one snapshot: the view rows and the lessons agree.
  // better-sqlite3 binds a JS number as REAL: the cursor would come back as "7.0".
  // A lesson whose stored text was cleared (changed other than by the
  // catalog writer) has its text built here.
  const cursor = BigInt(after);
  const result = await sql<{ page: Buffer }>`
    WITH fetched AS (
      SELECT sc.seq, sc.visible, sc.lesson_id FROM school_catalog sc
      JOIN lessons l ON l.id = sc.lesson_id
      WHERE sc.school_id = ${schoolId} AND sc.seq > ${cursor}
      ORDER BY sc.seq LIMIT ${limit + 1}
    ),
    page AS (SELECT * FROM fetched ORDER BY seq LIMIT ${limit})
    SELECT CAST(
      ${CATALOG_PAGE_HEAD} || char(10) || coalesce((
        SELECT group_concat(
          CASE WHEN p.visible = 0 THEN '{"seq":' || p.seq || ',"kind":"delete","lessonId":' || json_quote(p.lesson_id) || '}'
          ELSE '{"seq":' || p.seq || ',"kind":"upsert","lesson":' || coalesce(l.feed_json, ${sql.raw(lessonFeedJsonSql('l'))}) || '}' END,
          ',' || char(10) ORDER BY p.seq)
        FROM page p JOIN lessons l ON l.id = p.lesson_id
      ) || char(10), '') ||
      '],"cursor":' || json_quote(CAST(coalesce((SELECT max(seq) FROM page), ${cursor}) AS TEXT)) ||
      ',"hasMore":' || CASE WHEN (SELECT count(*) FROM fetched) > ${limit} THEN 'true' ELSE 'false' END || '}'
    AS BLOB) AS page`.execute(db);
  return result.rows[0]!.page;
}

/** The same page as an object, for callers inside the server and tests. */
export async function catalogChangesAfter(db: StoreDb, schoolId: string, after: number, limit: number): Promise<CatalogChangesPage> {
  return JSON.parse((await catalogPageJson(db, schoolId, after, limit)).toString('utf8')) as CatalogChangesPage;
}
