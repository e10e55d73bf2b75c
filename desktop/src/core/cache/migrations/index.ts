import type { Migration } from 'kysely/migration';
import { m0001Initial } from './0001-initial.ts';
import { m0002BlobMtime } from './0002-blob-mtime.ts';
import { m0003LessonSearch } from './0003-lesson-search.ts';
import { m0004LessonPins } from './0004-lesson-pins.ts';

/**
 * Every cache migration, in order. Names sort alphabetically in the order
 * they run; never rename or edit one that shipped: add the next number.
 */
export const cacheMigrations: Readonly<Record<string, Migration>> = {
  '0001-initial': m0001Initial,
  '0002-blob-mtime': m0002BlobMtime,
  '0003-lesson-search': m0003LessonSearch,
  '0004-lesson-pins': m0004LessonPins,
};
