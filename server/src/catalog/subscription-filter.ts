/**
 * Which lessons of a channel a subscription takes. Stored as JSON arrays (null
 * = all); the view refresh matches them in code so the same rule serves
 * SQLite and, later, PostgreSQL.
 */
import type { LanguageCode, SubscriptionFilter } from '@sinif/shared';
import type { ChannelSubscriptionRow } from '../db/schema.ts';

export interface ParsedFilter {
  grades: ReadonlySet<number> | null;
  languages: ReadonlySet<string> | null;
  lessonIds: ReadonlySet<string> | null;
}

function parseList<T>(text: string | null): T[] | null {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? (value as T[]) : null;
}

export function parseFilter(row: Pick<ChannelSubscriptionRow, 'grades' | 'languages' | 'lesson_ids'>): ParsedFilter {
  const set = <T>(list: T[] | null) => (list ? new Set(list) : null);
  return {
    grades: set(parseList<number>(row.grades)),
    languages: set(parseList<string>(row.languages)),
    lessonIds: set(parseList<string>(row.lesson_ids)),
  };
}

export function wantsLesson(filter: ParsedFilter, lesson: { id: string; grade: number; language: string }): boolean {
  return (
    (filter.grades === null || filter.grades.has(lesson.grade)) &&
    (filter.languages === null || filter.languages.has(lesson.language)) &&
    (filter.lessonIds === null || filter.lessonIds.has(lesson.id))
  );
}

export function filterColumns(filter: SubscriptionFilter): Pick<ChannelSubscriptionRow, 'grades' | 'languages' | 'lesson_ids'> {
  const list = (values: readonly unknown[] | undefined) => (values ? JSON.stringify([...values]) : null);
  return { grades: list(filter.grades), languages: list(filter.languages), lesson_ids: list(filter.lessonIds) };
}

export function filterOf(row: Pick<ChannelSubscriptionRow, 'grades' | 'languages' | 'lesson_ids'>): SubscriptionFilter {
  const grades = parseList<number>(row.grades);
  const languages = parseList<LanguageCode>(row.languages);
  const lessonIds = parseList<string>(row.lesson_ids);
  return { ...(grades ? { grades } : {}), ...(languages ? { languages } : {}), ...(lessonIds ? { lessonIds } : {}) };
}
