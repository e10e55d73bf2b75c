import type { LanguageCode, LessonDownloadState, LibraryBrowseArgs, LibraryLesson, LibraryPage } from '@sinif/shared';
import type Database from 'better-sqlite3';
import { sql } from 'kysely';
import { withSqlite, type CacheDb } from '../cache/database.ts';
import { columnFilter, searchPartOf } from './library-filter.ts';
import { searchLibrary, type SearchPageRow } from './library-search.ts';

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

type LessonFilesStatement = Database.Statement<[string], { lesson_id: string; size: number; verified: number }>;
const lessonFilesStatements = new WeakMap<Database.Database, LessonFilesStatement>();

/** One statement for any number of ids (json_each), prepared once per connection: it runs on every page and keystroke. */
function lessonFilesStatement(sqlite: Database.Database): LessonFilesStatement {
  let statement = lessonFilesStatements.get(sqlite);
  if (!statement) {
    statement = sqlite.prepare(
      `SELECT r.lesson_id, max(r.size) AS size, max(b.sha256 IS NOT NULL) AS verified
       FROM lesson_resources r LEFT JOIN blobs b ON b.sha256 = r.sha256
       WHERE r.lesson_id IN (SELECT value FROM json_each(?))
       GROUP BY r.lesson_id, r.sha256`,
    );
    lessonFilesStatements.set(sqlite, statement);
  }
  return statement;
}

/**
 * Each distinct file (sha256) of the given lessons and whether the cache
 * holds it verified (a `blobs` row). A lesson listing one file twice needs it
 * once, so it counts once.
 */
async function lessonFiles(db: CacheDb, lessonIds: readonly string[]): Promise<Map<string, LessonFiles>> {
  if (lessonIds.length === 0) return new Map();
  const byLesson = new Map<string, { size: number; verified: boolean }[]>(lessonIds.map((id) => [id, []]));
  const rows = await withSqlite(db, (sqlite) => lessonFilesStatement(sqlite).all(JSON.stringify(lessonIds)));
  for (const row of rows) byLesson.get(row.lesson_id)?.push({ size: Number(row.size), verified: Boolean(row.verified) });
  return new Map([...byLesson].map(([id, files]) => [id, downloadStateOf(files)]));
}


/**
 * One page of the library: with search words, best match first
 * (library-search.ts); without, by title. Only the page's rows are read
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
  let rows: SearchPageRow[];
  if (search.kind === 'match') {
    rows = await searchLibrary(db, search.match, args, { limit: limit + 1, offset });
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
