import type { LanguageCode, LessonDownloadState, LibraryBrowseArgs, LibraryLesson, LibraryPage } from '@sinif/shared';
import { sql } from 'kysely';
import type { CacheDb } from '../cache/database.ts';
import { columnFilter, hasColumnFilter, searchPartOf } from './library-filter.ts';

/** Lessons per page when the caller does not say: one screenful and a bit. */
export const DEFAULT_LIBRARY_PAGE = 50;

interface LessonFiles {
  sizeBytes: number;
  downloadedBytes: number;
  downloadState: LessonDownloadState;
}

/** Offline, partly downloaded or not, from the lesson's distinct files and which of them are verified. */
function downloadStateOf(files: readonly { size: number; verified: boolean }[]): LessonFiles {
  const sizeBytes = files.reduce((sum, f) => sum + f.size, 0);
  const verified = files.filter((f) => f.verified);
  const downloadedBytes = verified.reduce((sum, f) => sum + f.size, 0);
  // A lesson without files has nothing to fetch: it opens offline (as `availableOffline` always said).
  const downloadState: LessonDownloadState =
    verified.length === files.length ? 'offline' : verified.length > 0 ? 'partial' : 'none';
  return { sizeBytes, downloadedBytes, downloadState };
}

/**
 * Each distinct file (sha256) of the given lessons and whether the cache
 * holds it verified (a `blobs` row). A lesson listing one file twice needs it
 * once, so it counts once.
 */
async function lessonFiles(db: CacheDb, lessonIds: readonly string[]): Promise<Map<string, LessonFiles>> {
  const byLesson = new Map<string, { size: number; verified: boolean }[]>(lessonIds.map((id) => [id, []]));
  if (lessonIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('lesson_resources as r')
    .leftJoin('blobs as b', 'b.sha256', 'r.sha256')
    .select(['r.lesson_id', 'r.sha256'])
    .select((eb) => [eb.fn.max('r.size').as('size'), eb.fn.max(sql<number>`b.sha256 IS NOT NULL`).as('verified')])
    .where('r.lesson_id', 'in', lessonIds)
    .groupBy(['r.lesson_id', 'r.sha256'])
    .execute();
  for (const row of rows) byLesson.get(row.lesson_id)?.push({ size: Number(row.size), verified: Boolean(row.verified) });
  return new Map([...byLesson].map(([id, files]) => [id, downloadStateOf(files)]));
}

interface PageRow {
  id: string;
  title: string;
  description: string;
  subject: string;
  grade: number;
  language: string;
  pinned: number;
}

/**
 * Search matches read per relevance tier when no subject/grade/language
 * filter narrows them. Ranking every match of a short prefix with bm25 ("r"
 * or "riy" hit tens of thousands of the 100k lessons) took 15–200 ms; reading
 * a bounded number of matches in index order keeps a search near a
 * millisecond (desktop/bench/library.bench.ts, searchP99Ms), and one more
 * typed letter narrows the matches anyway. Fixed, not offset-dependent, so
 * "show more" pages through one stable list.
 */
export const SEARCH_CANDIDATES_PER_TIER = 200;

/**
 * The lessons a search finds, each with its relevance tier: 0 when the title
 * holds every word, 1 when they appear anywhere (title, subject, description).
 * A tier is read in index order and cut at `cap` (null: every match, for a
 * filtered search whose filter may drop most of them).
 */
function searchHits(match: string, cap: number | null) {
  const cut = cap === null ? sql`` : sql`LIMIT ${cap}`;
  return sql<{ search_rowid: number; tier: number }>`(SELECT search_rowid, min(tier) AS tier FROM (
      SELECT * FROM (SELECT rowid AS search_rowid, 0 AS tier FROM lesson_search WHERE lesson_search MATCH ${titleMatchOf(match)} ${cut})
      UNION ALL
      SELECT * FROM (SELECT rowid AS search_rowid, 1 AS tier FROM lesson_search WHERE lesson_search MATCH ${match} ${cut})
    ) GROUP BY search_rowid)`;
}

/** The title-only form of a MATCH expression built by ftsMatchOf. */
export function titleMatchOf(match: string): string {
  return `{title} : (${match})`;
}

/**
 * One page of the library: with search words, best match first (tier, then
 * the shorter title: "Şəkil" is a closer hit for "şəkil" than a long title
 * mentioning it in passing); without, by title. Only the page's rows are read
 * and checked for files, so a 100k-lesson cache answers about as fast as a
 * small one (indexes of migration 0007; desktop/bench/library-browse.bench.ts).
 */
export async function browseLibrary(db: CacheDb, args: LibraryBrowseArgs): Promise<LibraryPage> {
  const limit = args.limit ?? DEFAULT_LIBRARY_PAGE;
  const offset = args.offset ?? 0;
  const search = searchPartOf(args.search);
  if (search.kind === 'nothing') return { lessons: [], nextOffset: null };
  const columns = ['l.id', 'l.title', 'l.description', 'l.subject', 'l.grade', 'l.language'] as const;
  const pinned = sql<number>`p.lesson_id IS NOT NULL`.as('pinned');
  // One row more than asked tells whether another page exists.
  let rows: PageRow[];
  if (search.kind === 'match') {
    const cap = hasColumnFilter(args) ? null : SEARCH_CANDIDATES_PER_TIER;
    rows = await db
      .selectFrom(searchHits(search.match, cap).as('hit'))
      .innerJoin('lessons as l', 'l.search_rowid', 'hit.search_rowid')
      .leftJoin('lesson_pins as p', 'p.lesson_id', 'l.id')
      .select(columns)
      .select(pinned)
      .where(columnFilter(args))
      .orderBy('hit.tier')
      .orderBy(sql`length(l.title)`)
      .orderBy('l.title')
      .orderBy('l.id')
      .limit(limit + 1)
      .offset(offset)
      .execute();
  } else {
    rows = await db
      .selectFrom('lessons as l')
      .leftJoin('lesson_pins as p', 'p.lesson_id', 'l.id')
      .select(columns)
      .select(pinned)
      .where(columnFilter(args))
      .orderBy('l.title')
      .orderBy('l.id')
      .limit(limit + 1)
      .offset(offset)
      .execute();
  }
  const page = rows.slice(0, limit);
  const files = await lessonFiles(db, page.map((row) => row.id));
  const lessons = page.map((row): LibraryLesson => {
    const state = files.get(row.id) ?? downloadStateOf([]);
    return {
      id: row.id,
      title: row.title,
      description: row.description,
      subject: row.subject,
      grade: row.grade,
      language: row.language as LanguageCode,
      availableOffline: state.downloadState === 'offline',
      ...state,
      pinned: Boolean(row.pinned),
    };
  });
  return { lessons, nextOffset: rows.length > limit ? offset + limit : null };
}
