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
};

/** Lesson columns an upsert may change, with the value it wants for each. */
export const LESSON_COLUMNS = ['title', 'description', 'subject', 'grade', 'language', 'updated_at'] as const;
export type LessonColumn = (typeof LESSON_COLUMNS)[number];

export function wantedValue(lesson: Lesson, column: LessonColumn): string | number {
  return column === 'updated_at' ? lesson.updatedAt : lesson[column];
}

// The digest's running state: module-level, so hashing a lesson allocates nothing.
let h1 = 0;
let h2 = 0;

function mix(n: number): void {
  h1 = Math.imul(h1 ^ n, 0x9e3779b1);
  h2 = Math.imul(h2 ^ n, 0x5f356495);
}

function mixText(text: string): void {
  mix(text.length & 0xffff);
  mix(text.length >>> 16);
  for (let i = 0; i < text.length; i++) mix(text.charCodeAt(i));
}

/**
 * A 53-bit digest of a lesson's resources, in order: every field of every
 * resource, each text with its length (so no two lists run together alike).
 * Stored with the lesson (migration 0011), it tells a catch-up edit whether
 * the resources changed without reading them. Two 32-bit multiply-xor lanes
 * with a final avalanche (the cyrb53 construction), written here because it
 * runs on every lesson of a first sync: ~37 ms for the bench's 100k lessons,
 * where node:crypto's one-shot sha1 of the same fields took 70–100 ms.
 * Like cyrb53 it takes 16-bit inputs (char codes; lengths and sizes in 16-bit
 * pieces): a multiply only carries differences upwards, so two changes in
 * bit 31 of wider inputs would cancel out. A change then goes unseen with
 * odds of about 2^-53. Changing this function is safe but not free: every
 * stored digest stops matching, and each lesson's resources are written once
 * more at its next edit.
 */
export function resourcesDigest(resources: readonly LessonResource[]): number {
  h1 = 0x85ebca6b ^ resources.length;
  h2 = 0xc2b2ae35 ^ resources.length;
  for (const r of resources) {
    mixText(r.id);
    mixText(r.name);
    mixText(r.mediaType);
    mixText(r.sha256);
    // A size is at most 2^53: four 16-bit pieces.
    for (let rest = r.size, piece = 0; piece < 4; piece++, rest = Math.floor(rest / 0x10000)) mix(rest % 0x10000);
  }
  const a = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) ^ Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  const b = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b) ^ Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  return (b & 0x1fffff) * 2 ** 32 + (a >>> 0);
}
