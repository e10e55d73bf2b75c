import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * This PC's own settings, set by a teacher or IT admin on the PC: the lesson
 * cache quota and the download bandwidth cap with its daily window. One row
 * (CHECK id = 1); a NULL column means "not set here": the app's default.
 * The window is stored as its parts so a half-set window cannot exist:
 * from and to are both NULL (around the clock) or both set.
 */
export const m0005DeviceSettings: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('device_settings')
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('quota_bytes', 'integer', (c) => c.check(sql`quota_bytes > 0`))
      .addColumn('bandwidth_kbps', 'integer', (c) => c.check(sql`bandwidth_kbps > 0`))
      .addColumn('window_from', 'text')
      .addColumn('window_to', 'text')
      .addColumn('window_weekdays_only', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addCheckConstraint('device_settings_window_whole', sql`(window_from IS NULL) = (window_to IS NULL)`)
      .execute();
  },
};
