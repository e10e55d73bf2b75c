import type { LibraryFilter } from '@sinif/shared';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { ftsMatchOf } from '../search/search-fold.ts';

/** What the search box means for a query: no search, an FTS MATCH expression, or "nothing can match". */
export type SearchPart = { kind: 'none' } | { kind: 'match'; match: string } | { kind: 'nothing' };

/**
 * The search box as the list has always read it: blank = no search; words =
 * an FTS MATCH built by ftsMatchOf (never raw user text); only punctuation =
 * nothing to look for, so nothing matches.
 */
export function searchPartOf(search: string | undefined): SearchPart {
  if (search === undefined || search.trim() === '') return { kind: 'none' };
  const match = ftsMatchOf(search);
  return match === null ? { kind: 'nothing' } : { kind: 'match', match };
}

const TRUE = sql<SqlBool>`1`;

function all(conditions: RawBuilder<SqlBool>[]): RawBuilder<SqlBool> {
  return conditions.length === 0 ? TRUE : sql<SqlBool>`(${sql.join(conditions, sql` AND `)})`;
}

/*
 * The unary `+` before a column below is SQLite's way to say "do not use an
 * index for this term" (https://sqlite.org/optoverview.html#disqualifying_where_clause_terms_using_unary_):
 * without stats the planner would take `language = ?` to an index range and
 * then sort 25,000 rows by title, where reading lessons_browse_title in order
 * and checking the filter on its entries returns a page in under a millisecond.
 */

/** Subject/grade/language filters on lessons `l`, for a query that reads lessons_browse_title in title order. */
export function columnFilter(filter: LibraryFilter): RawBuilder<SqlBool> {
  const conditions: RawBuilder<SqlBool>[] = [];
  if (filter.subject !== undefined) conditions.push(sql<SqlBool>`+l.subject = ${filter.subject}`);
  if (filter.grade !== undefined) conditions.push(sql<SqlBool>`+l.grade = ${filter.grade}`);
  if (filter.language !== undefined) conditions.push(sql<SqlBool>`+l.language = ${filter.language}`);
  return all(conditions);
}

/**
 * Lessons `l` the search finds, as a rowid set checked while scanning
 * lessons_browse_facets (`+`: probing lessons_search_rowid per hit, then the
 * table row, was 3× slower for a broad search and no faster for a narrow one).
 */
export function searchFilter(search: SearchPart): RawBuilder<SqlBool> {
  switch (search.kind) {
    case 'none':
      return TRUE;
    case 'nothing':
      return sql<SqlBool>`0`;
    case 'match':
      return sql<SqlBool>`+l.search_rowid IN (SELECT rowid FROM lesson_search WHERE lesson_search MATCH ${search.match})`;
    default: {
      const never: never = search;
      throw new Error(`unknown search ${JSON.stringify(never)}`);
    }
  }
}

/** True when the filter narrows by subject, grade or language (not only by search words). */
export function hasColumnFilter(filter: LibraryFilter): boolean {
  return filter.subject !== undefined || filter.grade !== undefined || filter.language !== undefined;
}
