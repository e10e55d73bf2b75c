import type { LanguageCode, LessonListItem } from '@sinif/shared';
import { withSqlite, type CacheDb } from '../cache/database.ts';

/**
 * A search shows the best matches, not every lesson containing a common
 * prefix: 100k lessons × "riy" would be a list nobody scrolls and a slow one.
 */
export const SEARCH_RESULT_LIMIT = 200;

export interface LessonListRow {
  id: string;
  title: string;
  description: string;
  subject: string;
  grade: number;
  language: string;
  available_offline: number | boolean;
}

export function toListItem(row: LessonListRow): LessonListItem {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    subject: row.subject,
    grade: row.grade,
    language: row.language as LanguageCode,
    availableOffline: Boolean(row.available_offline),
  };
}

// bm25 weights per column (title, subject, description): a word in the title
// says more about a lesson than the same word deep in its description.
// The inner query ranks and limits on the FTS index alone; only the few hits
// left are joined to lessons and checked for offline availability.
const SEARCH_SQL = `
  SELECT l.id, l.title, l.description, l.subject, l.grade, l.language,
    NOT EXISTS (
      SELECT 1 FROM lesson_resources r LEFT JOIN blobs b ON b.sha256 = r.sha256
      WHERE r.lesson_id = l.id AND b.sha256 IS NULL
    ) AS available_offline
  FROM (
    SELECT rowid AS search_rowid, bm25(lesson_search, 10.0, 4.0, 1.0) AS score
    FROM lesson_search WHERE lesson_search MATCH ? ORDER BY score LIMIT ?
  ) AS hit
  JOIN lessons l ON l.search_rowid = hit.search_rowid
  ORDER BY hit.score, l.title, l.id`;

/**
 * Runs a MATCH expression built by ftsMatchOf (never raw user text, which
 * could be FTS syntax) through a prepared statement, best match first.
 */
export async function searchLessons(db: CacheDb, match: string, limit: number): Promise<LessonListItem[]> {
  const rows = await withSqlite(db, (sqlite) => sqlite.prepare<[string, number], LessonListRow>(SEARCH_SQL).all(match, limit));
  return rows.map(toListItem);
}
