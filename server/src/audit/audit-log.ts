/**
 * The audit log: every admin action and every refused sign-in, append-only.
 * `detail` is small JSON (never a password or token); `ip` is the caller's address.
 */
import type { AuditEvent } from '@sinif/shared';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { StoreDb } from '../db/store.ts';
import type { StoreSchema } from '../db/schema.ts';

export interface AuditEntry {
  actorUserId: string | null;
  schoolId: string | null;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown>;
  ip: string | null;
}

/** Takes a transaction too, so an admin change and its audit row commit together. */
export async function recordAudit(db: Kysely<StoreSchema>, entry: AuditEntry, now = new Date()): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      at: now.toISOString(),
      actor_user_id: entry.actorUserId,
      school_id: entry.schoolId,
      action: entry.action,
      target: entry.target ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
      ip: entry.ip,
    })
    .execute();
}

/** An admin action by the signed-in caller of `request`. */
export async function auditRequest(
  db: Kysely<StoreSchema>,
  request: FastifyRequest,
  entry: { action: string; schoolId: string | null; target?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  await recordAudit(db, { ...entry, actorUserId: request.user?.id ?? null, ip: request.ip });
}

export async function auditPage(db: StoreDb, schoolId: string, limit: number, before?: number): Promise<{ events: AuditEvent[]; nextBefore?: number }> {
  let query = db.selectFrom('audit_events').selectAll().where('school_id', '=', schoolId);
  if (before !== undefined) query = query.where('id', '<', before);
  const rows = await query.orderBy('id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const events = page.map((row) => ({
    id: row.id,
    at: row.at,
    actorUserId: row.actor_user_id,
    schoolId: row.school_id,
    action: row.action,
    target: row.target,
    detail: parseDetail(row.detail),
    ip: row.ip,
  }));
  const last = page.at(-1);
  return rows.length > limit && last ? { events, nextBefore: last.id } : { events };
}

function parseDetail(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
