/**
 * Version 3: identity administration. Classes and their members, the audit
 * log, enrolment codes that can be revoked, the fleet inventory fields a PC
 * reports, and the "must change password" flag for admin-set passwords.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('classes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('school_id', 'text', (c) => c.notNull().references('schools.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('classes_school_name_uq', ['school_id', 'name'])
    .execute();
  await db.schema
    .createTable('class_members')
    .addColumn('class_id', 'text', (c) => c.notNull().references('classes.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('teacher', 'student')`))
    .addPrimaryKeyConstraint('class_members_pk', ['class_id', 'user_id', 'role'])
    .execute();
  await db.schema.createIndex('class_members_user_idx').on('class_members').column('user_id').execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('school_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('audit_events_school_idx').on('audit_events').columns(['school_id', 'id']).execute();

  await db.schema.alterTable('enrolment_codes').addColumn('revoked_at', 'text').execute();
  await db.schema.alterTable('enrolment_codes').addColumn('created_by', 'text').execute();
  await db.schema.alterTable('devices').addColumn('last_address', 'text').execute();
  await db.schema.alterTable('devices').addColumn('free_disk_bytes', 'integer').execute();
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('user_roles_school_idx').on('user_roles').column('school_id').execute();
  await db.schema.createIndex('devices_lab_idx').on('devices').column('lab_id').execute();
}
