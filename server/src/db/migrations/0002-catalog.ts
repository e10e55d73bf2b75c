/**
 * Version 2: the lesson catalog and its change feed.
 *
 * Each lesson row carries the `seq` of its latest change; a delete keeps the
 * row as a tombstone (`deleted = 1`). "Changes after C" is then simply
 * `lessons WHERE seq > C ORDER BY seq`: every lesson appears once, in its
 * newest state, and nothing is missed because seqs only grow. The counter
 * lives in `catalog_seq` (one row) so seqs never repeat, even after deletes.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lessons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('grade', 'integer', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('seq', 'integer', (c) => c.notNull().unique())
    .execute();
  await db.schema
    .createTable('lesson_resources')
    .addColumn('lesson_id', 'text', (c) => c.notNull().references('lessons.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('lesson_resources_pk', ['lesson_id', 'id'])
    .execute();
  await db.schema.createIndex('lesson_resources_sha_idx').on('lesson_resources').column('sha256').execute();
  await db.schema
    .createTable('catalog_seq')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO catalog_seq (id, last_seq) VALUES (1, 0)`.execute(db);
}
