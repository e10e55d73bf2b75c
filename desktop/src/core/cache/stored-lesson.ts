import type { Lesson, LessonResource } from '@sinif/shared';
import type { LessonTable } from './schema.ts';

/**
 * A cached lesson as a catch-up edit reads it (catalog-page-writer.ts), and
 * how the edit compares it with the lesson the server sent: only what changed
 * is written again.
 */
export type StoredLesson = Omit<LessonTable, 'id'> & {
  /** The row's rowid: the edit's UPDATE goes straight to it, not through the id index again. */
  row: number;
  /** JSON: the lesson's resources as StoredResource arrays, in no particular order. */
  resources: string;
};

/** Lesson columns an upsert may change, with the value it wants for each. */
export const LESSON_COLUMNS = ['title', 'description', 'subject', 'grade', 'language', 'updated_at'] as const;
export type LessonColumn = (typeof LESSON_COLUMNS)[number];

export function wantedValue(lesson: Lesson, column: LessonColumn): string | number {
  return column === 'updated_at' ? lesson.updatedAt : lesson[column];
}

/** position, id, name, media_type, size, sha256 */
type StoredResource = [number, string, string, string, number, string];

export function sameResources(storedJson: string, wanted: readonly LessonResource[]): boolean {
  const stored = JSON.parse(storedJson) as StoredResource[];
  if (stored.length !== wanted.length) return false;
  stored.sort((a, b) => a[0] - b[0]);
  return stored.every(([, id, name, mediaType, size, sha256], i) => {
    const w = wanted[i]!;
    return id === w.id && name === w.name && mediaType === w.mediaType && size === w.size && sha256 === w.sha256;
  });
}
