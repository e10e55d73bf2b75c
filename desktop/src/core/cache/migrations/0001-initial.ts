import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** First schema: enrolment, session, catalog, blob index, sync cursor. */
export const m0001Initial: Migration = {
  async up(db: Kysely<unknown>) {
    // Single-row tables: CHECK (id = 1) makes a second enrolment/session impossible.
    await db.schema
      .createTable('device')
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('server_url', 'text', (c) => c.notNull())
      .addColumn('device_token', 'text', (c) => c.notNull())
      .addColumn('seat_json', 'text', (c) => c.notNull())
      .addColumn('enrolled_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('session')
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('token', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('user_json', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('lessons')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('grade', 'integer', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('lesson_resources')
      .addColumn('lesson_id', 'text', (c) => c.notNull().references('lessons.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('media_type', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('lesson_resources_pk', ['lesson_id', 'id'])
      .execute();
    await db.schema.createIndex('lesson_resources_sha256').on('lesson_resources').column('sha256').execute();
    await db.schema
      .createTable('blobs')
      .addColumn('sha256', 'text', (c) => c.primaryKey())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('relative_path', 'text', (c) => c.notNull())
      .addColumn('verified_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .execute();
    await db.schema
      .createTable('sync_state')
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('cursor', 'text')
      .addColumn('last_synced_at', 'text')
      .execute();
  },
};
