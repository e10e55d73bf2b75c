import type { LanguageCode, LibraryFacets, LibraryFilter } from '@sinif/shared';
import { searchIndexCurrent, type CacheDb } from '../cache/database.ts';
import { searchFilter, searchPartOf } from './library-filter.ts';

/** The order languages are offered in, everywhere in the app. */
const LANGUAGE_ORDER: readonly LanguageCode[] = ['az', 'hy', 'ru', 'en'];

/** Lessons with one subject, grade and language (under the search): a cell of the facet cube. */
interface FacetCell {
  subject: string;
  grade: number;
  language: string;
  count: number;
}

function tally<T>(cells: readonly FacetCell[], keyOf: (cell: FacetCell) => T): Map<T, number> {
  const counts = new Map<T, number>();
  for (const cell of cells) counts.set(keyOf(cell), (counts.get(keyOf(cell)) ?? 0) + cell.count);
  return counts;
}

/** Counts as facet entries; a value chosen but matching nothing now still shows, with 0, so it can be seen and cleared. */
function entries<T>(counts: Map<T, number>, chosen: T | undefined): { value: T; count: number }[] {
  if (chosen !== undefined && !counts.has(chosen)) counts.set(chosen, 0);
  return [...counts].map(([value, count]) => ({ value, count }));
}

function isLanguage(value: string): value is LanguageCode {
  return (LANGUAGE_ORDER as readonly string[]).includes(value);
}

/**
 * Subject, grade and language counts of the cached library under a filter.
 * One GROUP BY over lessons_browse_facets (migration 0007), already in its order, gives the subject × grade × language
 * cube under the search; every facet is then summed from it in memory with
 * the other facets' filters, never its own (see LibraryFacets). The cube has
 * at most subjects × 12 × 4 cells, however many lessons there are.
 */
export async function libraryFacets(db: CacheDb, filter: LibraryFilter): Promise<LibraryFacets> {
  const search = searchPartOf(filter.search);
  if (search.kind === 'match') await searchIndexCurrent(db);
  const rows = await db
    .selectFrom('lessons as l')
    .select(['l.language', 'l.grade', 'l.subject', (eb) => eb.fn.countAll<number>().as('count')])
    .where(searchFilter(search))
    .groupBy(['l.language', 'l.grade', 'l.subject'])
    .execute();
  const cube: FacetCell[] = rows.map((row) => ({ ...row, count: Number(row.count) }));
  const keeps = (cell: FacetCell, except: 'subject' | 'grade' | 'language' | null) =>
    (except === 'subject' || filter.subject === undefined || cell.subject === filter.subject) &&
    (except === 'grade' || filter.grade === undefined || cell.grade === filter.grade) &&
    (except === 'language' || filter.language === undefined || cell.language === filter.language);
  const under = (except: 'subject' | 'grade' | 'language' | null) => cube.filter((cell) => keeps(cell, except));
  return {
    total: under(null).reduce((sum, cell) => sum + cell.count, 0),
    subjects: entries(
      tally(under('subject'), (c) => c.subject),
      filter.subject,
    ).sort((a, b) => a.value.localeCompare(b.value)),
    grades: entries(
      tally(under('grade'), (c) => c.grade),
      filter.grade,
    ).sort((a, b) => a.value - b.value),
    languages: entries(
      tally(
        under('language').filter((c) => isLanguage(c.language)),
        (c) => c.language as LanguageCode,
      ),
      filter.language,
    ).sort((a, b) => LANGUAGE_ORDER.indexOf(a.value) - LANGUAGE_ORDER.indexOf(b.value)),
  };
}
