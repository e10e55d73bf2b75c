/**
 * Version 7: what each seat of a running lab session showed the teacher, so
 * a server restart keeps it: the raised hand, and the seat's progress on the
 * last command it was sent (sent / delivered / applied / failed / offline,
 * with the failure reason), and the sites it refused under the allowlist
 * (count and last host). One row per seat that had any; the session's rows
 * go with it.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lab_session_seats')
    .addColumn('session_id', 'text', (c) => c.notNull().references('lab_sessions.id').onDelete('cascade'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('hand_raised', 'integer', (c) => c.notNull().defaultTo(0).check(sql`hand_raised IN (0, 1)`))
    .addColumn('last_command_id', 'text')
    /** The command kind, to know whether a re-sent full state carries it (a message does not). */
    .addColumn('last_kind', 'text')
    .addColumn('last_status', 'text', (c) => c.check(sql`last_status IN ('sent', 'delivered', 'applied', 'failed', 'offline')`))
    .addColumn('last_reason', 'text')
    .addColumn('blocked_sites', 'integer', (c) => c.notNull().defaultTo(0).check(sql`blocked_sites >= 0`))
    .addColumn('last_blocked_host', 'text')
    .addColumn('last_blocked_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lab_session_seats_pk', ['session_id', 'device_id'])
    .execute();
}
