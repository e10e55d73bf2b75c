import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Lessons a teacher pinned for offline use: their blobs are never evicted to
 * make room under the disk quota. Keyed by lesson id without a foreign key on
 * purpose: a catalog upsert replaces the lesson row, and the pin must survive it.
 */
export const m0004LessonPins: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('lesson_pins')
      .addColumn('lesson_id', 'text', (c) => c.primaryKey())
      .addColumn('pinned_at', 'text', (c) => c.notNull())
      .execute();
  },
};
