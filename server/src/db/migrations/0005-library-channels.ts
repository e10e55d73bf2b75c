/**
 * Version 5: library channels, school subscriptions and a per-school feed.
 *
 * Lessons are published in channels; a school subscribes to channels (whole,
 * by grade/language, or hand-picked lessons). What a school sees is
 * materialised in `school_catalog`: one row per (school, lesson) it sees or
 * once saw, carrying the seq of the last change to that lesson AS SEEN BY THAT
 * SCHOOL (edited, appeared, or gone: `visible = 0`). A school's feed is then
 * `school_catalog WHERE school_id = S AND seq > C ORDER BY seq`, exactly like
 * version 2's feed, so a client offline for a month gets each lesson once, in
 * its newest state. Seqs come from the one `catalog_seq` counter, so they are
 * above every cursor the version-2 feed handed out.
 *
 * Upgrade: a `national` channel (auto-subscribed) holds every live lesson and
 * every school subscribes to it, so schools keep seeing what they saw. Their
 * views are built lazily: `school_catalog_stale` marks schools whose rows must
 * be recomputed before their next feed read. A trigger subscribes each new
 * school (whoever inserts it) to the auto-subscribe channels and marks it stale.
 */
import { sql, type Kysely } from 'kysely';

export const NATIONAL_CHANNEL_ID = 'national';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('auto_subscribe', 'integer', (c) => c.notNull().defaultTo(0).check(sql`auto_subscribe IN (0, 1)`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('channel_lessons')
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('lesson_id', 'text', (c) => c.notNull().references('lessons.id'))
    .addPrimaryKeyConstraint('channel_lessons_pk', ['channel_id', 'lesson_id'])
    .execute();
  await db.schema.createIndex('channel_lessons_lesson_idx').on('channel_lessons').column('lesson_id').execute();
  await db.schema
    .createTable('channel_subscriptions')
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id').onDelete('cascade'))
    /** JSON arrays, or null for "all". */
    .addColumn('grades', 'text')
    .addColumn('languages', 'text')
    .addColumn('lesson_ids', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_subscriptions_pk', ['school_id', 'channel_id'])
    .execute();
  await db.schema.createIndex('channel_subscriptions_channel_idx').on('channel_subscriptions').column('channel_id').execute();
  await db.schema
    .createTable('school_catalog')
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('lesson_id', 'text', (c) => c.notNull().references('lessons.id'))
    .addColumn('visible', 'integer', (c) => c.notNull().check(sql`visible IN (0, 1)`))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('school_catalog_pk', ['school_id', 'lesson_id'])
    .execute();
  // The feed's read path; unique so a page boundary can never split two rows of one seq.
  await db.schema.createIndex('school_catalog_feed_uq').on('school_catalog').columns(['school_id', 'seq']).unique().execute();
  await db.schema.createIndex('school_catalog_lesson_idx').on('school_catalog').column('lesson_id').execute();
  await db.schema
    .createTable('school_catalog_stale')
    .addColumn('school_id', 'text', (c) => c.primaryKey().references('schools.id'))
    .execute();

  await sql`INSERT INTO channels (id, name, description, auto_subscribe, created_at)
    VALUES (${NATIONAL_CHANNEL_ID}, 'National library', 'Lessons every school receives unless it unsubscribes.', 1,
            strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`.execute(db);
  await sql`INSERT INTO channel_lessons (channel_id, lesson_id) SELECT ${NATIONAL_CHANNEL_ID}, id FROM lessons WHERE deleted = 0`.execute(db);
  await sql`INSERT INTO channel_subscriptions (school_id, channel_id, updated_at)
    SELECT id, ${NATIONAL_CHANNEL_ID}, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM schools`.execute(db);
  await sql`INSERT INTO school_catalog_stale (school_id) SELECT id FROM schools`.execute(db);
  await sql`CREATE TRIGGER schools_default_channels AFTER INSERT ON schools BEGIN
      INSERT INTO channel_subscriptions (school_id, channel_id, updated_at)
        SELECT NEW.id, id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM channels WHERE auto_subscribe = 1;
      INSERT OR IGNORE INTO school_catalog_stale (school_id) VALUES (NEW.id);
    END`.execute(db);
}
