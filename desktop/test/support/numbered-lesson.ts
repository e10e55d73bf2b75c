import type { Lesson } from '@sinif/shared';

/** Lesson `l<i>`: an Azerbaijani physics lesson with one small file of its own (hash from `i`). */
export function numberedLesson(i: number, title = `Dərs ${i}`): Lesson {
  return {
    id: `l${i}`,
    title,
    description: 'Təsvir '.repeat(20),
    subject: 'Fizika',
    grade: 5,
    language: 'az',
    updatedAt: '2026-01-01T00:00:00Z',
    resources: [{ id: 'r1', name: 'index.html', mediaType: 'text/html', size: 10, sha256: String(i).padStart(64, '0') }],
  };
}
