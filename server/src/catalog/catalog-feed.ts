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
import type Database from 'better-sqlite3';
import { CATALOG_PAGE_HEAD, type CatalogChangesPage } from '@sinif/shared';
import { withStoreSqlite, type StoreDb } from '../db/store.ts';
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
  // better-sqlite3 binds a JS number as REAL: the cursor would come back as "7.0".
  return withStoreSqlite(db, (sqlite) => pageStatement(sqlite).get({ school: schoolId, cursor: BigInt(after), limit, head: CATALOG_PAGE_HEAD })!);
}

type PageParams = { school: string; cursor: bigint; limit: number; head: string };
/** Plucked: the one column, the page's bytes. */
type PageStatement = Database.Statement<[PageParams], Buffer>;
const pageStatements = new WeakMap<Database.Database, PageStatement>();

/**
 * The page in one statement, so one snapshot: the view rows and the lessons
 * agree, and hasMore is about the rows after this very page.
 *
 * The changes are read in seq order straight off the feed index and
 * concatenated in that order: SQLite keeps a FROM subquery's ORDER BY for an
 * aggregate other than count/min/max, and this one has a LIMIT, which it
 * never drops either. Sorting the lines again inside group_concat (ORDER BY)
 * copied ~700 KB per page into a sorter: ~1 ms of a ~4 ms page. Prepared once
 * per connection: through Kysely, the statement was compiled on every page.
 * A lesson whose stored text was cleared (changed other than by the catalog
 * writer) has its text built here.
 */
function pageStatement(sqlite: Database.Database): PageStatement {
  let statement = pageStatements.get(sqlite);
  if (!statement) {
    statement = sqlite
      .prepare<[PageParams], Buffer>(
        `SELECT CAST(
           @head || char(10) || coalesce(body || char(10), '') ||
           '],"cursor":' || json_quote(CAST(coalesce(last, @cursor) AS TEXT)) ||
           ',"hasMore":' || CASE WHEN EXISTS (SELECT 1 FROM school_catalog WHERE school_id = @school AND seq > last) THEN 'true' ELSE 'false' END || '}'
         AS BLOB) AS page
         FROM (
           SELECT group_concat(line, ',' || char(10)) AS body, max(seq) AS last
           FROM (
             SELECT sc.seq,
               CASE WHEN sc.visible = 0 THEN '{"seq":' || sc.seq || ',"kind":"delete","lessonId":' || json_quote(sc.lesson_id) || '}'
               ELSE '{"seq":' || sc.seq || ',"kind":"upsert","lesson":' || coalesce(l.feed_json, ${lessonFeedJsonSql('l')}) || '}' END AS line
             FROM school_catalog sc JOIN lessons l ON l.id = sc.lesson_id
             WHERE sc.school_id = @school AND sc.seq > @cursor
             ORDER BY sc.seq LIMIT @limit
           )
         )`,
      )
      .pluck();
    pageStatements.set(sqlite, statement);
  }
  return statement;
}

/** The same page as an object, for callers inside the server and tests. */
export async function catalogChangesAfter(db: StoreDb, schoolId: string, after: number, limit: number): Promise<CatalogChangesPage> {
  return JSON.parse((await catalogPageJson(db, schoolId, after, limit)).toString('utf8')) as CatalogChangesPage;
}
