import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * A digest of each lesson's resources (stored-lesson.ts, resourcesDigest),
 * so a catch-up edit tells whether the resources changed from the lesson row
 * alone: reading them back and comparing took ~12 ms of 1,000 edits' ~95
 * (their index and table pages are two more cold pages per edit). Existing
 * rows get NULL, "not known", which the next edit of the lesson counts as a
 * change: it writes the resources again, once, and stores the digest.
 */
export const m0011LessonResourcesDigest: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('lessons').addColumn('resources_digest', 'integer').execute();
  },
};
