import type { LanguageCode, LessonListItem } from '@sinif/shared';

/**
 * A search shows the best matches, not every lesson containing a common
 * prefix: 100k lessons × "riy" would be a list nobody scrolls and a slow one.
 */
export const SEARCH_RESULT_LIMIT = 100;

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
