/**
 * Version 4: lab sessions. The server is the authority for a running
 * session, so its state survives a restart: one row per session (the seat
 * directives and teachers as JSON, rewritten on each change), the command ids
 * already applied (so a retried command is not applied twice) and the chat.
 * At most one active session per lab, enforced by a partial unique index.
 * Also each PC's place on the lab's seat map.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lab_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('lab_id', 'text', (c) => c.notNull().references('labs.id'))
    .addColumn('class_id', 'text', (c) => c.references('classes.id'))
    .addColumn('started_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('end_reason', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`CREATE UNIQUE INDEX lab_sessions_one_active_uq ON lab_sessions (lab_id) WHERE ended_at IS NULL`.execute(db);

  await db.schema
    .createTable('lab_session_commands')
    .addColumn('session_id', 'text', (c) => c.notNull().references('lab_sessions.id').onDelete('cascade'))
    .addColumn('command_id', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    /** The command as sent and the result answered, JSON. */
    .addColumn('command', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lab_session_commands_pk', ['session_id', 'command_id'])
    .execute();

  await db.schema
    .createTable('lab_session_chat')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('lab_sessions.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lab_session_chat_session_idx').on('lab_session_chat').columns(['session_id', 'at']).execute();

  await db.schema.alterTable('devices').addColumn('seat_x', 'real').execute();
  await db.schema.alterTable('devices').addColumn('seat_y', 'real').execute();
}
