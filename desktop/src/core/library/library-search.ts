import type Database from 'better-sqlite3';
import type { LibraryFilter } from '@sinif/shared';
import { searchIndexCurrent, withSqlite, type CacheDb } from '../cache/database.ts';
import { hasColumnFilter } from './library-filter.ts';

/**
 * Search matches read per relevance tier when no subject/grade/language
 * filter narrows them. Ranking every match of a short prefix with bm25
 * ("riy" hits tens of thousands of 100k lessons) took 15–200 ms; reading a
 * bounded number of matches in index order keeps a search within a few
 * milliseconds (desktop/bench/library.bench.ts, searchP99Ms), and one more
 * typed letter narrows the matches anyway. Fixed, not offset-dependent, so
 * "show more" pages through one stable list (at most twice this long).
 */
export const SEARCH_CANDIDATES_PER_TIER = 100;

export interface SearchPageRow {
  id: string;
  title: string;
  description: string;
  subject: string;
  grade: number;
  language: string;
  pinned: number;
}

/** The title-only form of a MATCH expression built by ftsMatchOf. */
export function titleMatchOf(match: string): string {
  return `{title} : (${match})`;
}

// Relevance in two tiers: 0 when the title holds every word, 1 when they
// appear anywhere (title, subject, description); within a tier the shorter
// title first ("Şəkil" is a closer hit for "şəkil" than a long title that
// mentions it in passing). The `+` keeps the filters off the browse indexes:
// the hits are few, checking them row by row is what is cheap here.
function searchSql(capped: boolean): string {
  const cut = capped ? `LIMIT ${SEARCH_CANDIDATES_PER_TIER}` : '';
  return `
    SELECT l.id, l.title, l.description, l.subject, l.grade, l.language, p.lesson_id IS NOT NULL AS pinned
    FROM (
      SELECT search_rowid, min(tier) AS tier FROM (
        SELECT * FROM (SELECT rowid AS search_rowid, 0 AS tier FROM lesson_search WHERE lesson_search MATCH @titleMatch ${cut})
        UNION ALL
        SELECT * FROM (SELECT rowid AS search_rowid, 1 AS tier FROM lesson_search WHERE lesson_search MATCH @match ${cut})
      ) GROUP BY search_rowid
    ) AS hit
    JOIN lessons l ON l.search_rowid = hit.search_rowid
    LEFT JOIN lesson_pins p ON p.lesson_id = l.id
    WHERE (@subject IS NULL OR +l.subject = @subject)
      AND (@grade IS NULL OR +l.grade = @grade)
      AND (@language IS NULL OR +l.language = @language)
    ORDER BY hit.tier, length(l.title), l.title, l.id
    LIMIT @limit OFFSET @offset`;
}

interface SearchStatements {
  capped: Database.Statement<[Record<string, unknown>], SearchPageRow>;
  uncapped: Database.Statement<[Record<string, unknown>], SearchPageRow>;
}

// Prepared once per connection: a search runs on every keystroke, and
// building the query again each time cost as much as running it.
const statements = new WeakMap<Database.Database, SearchStatements>();

function statementsOf(sqlite: Database.Database): SearchStatements {
  let prepared = statements.get(sqlite);
  if (!prepared) {
    prepared = { capped: sqlite.prepare(searchSql(true)), uncapped: sqlite.prepare(searchSql(false)) };
    statements.set(sqlite, prepared);
  }
  return prepared;
}

/**
 * Lessons matching `match` (built by ftsMatchOf, never raw user text) under the filter, best first. Without a
 * column filter only the first SEARCH_CANDIDATES_PER_TIER matches of each
 * tier are ranked; with one, every match is (the filter may drop most of them).
 */
export async function searchLibrary(
  db: CacheDb,
  match: string,
  filter: LibraryFilter,
  page: { limit: number; offset: number },
): Promise<SearchPageRow[]> {
  await searchIndexCurrent(db);
  return withSqlite(db, (sqlite) => {
    const { capped, uncapped } = statementsOf(sqlite);
    return (hasColumnFilter(filter) ? uncapped : capped).all({
      titleMatch: titleMatchOf(match),
      match,
      subject: filter.subject ?? null,
      grade: filter.grade ?? null,
      language: filter.language ?? null,
      limit: page.limit,
      offset: page.offset,
    });
  });
}

