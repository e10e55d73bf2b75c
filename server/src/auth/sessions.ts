/**
 * Sign-in sessions. The bearer token is shown to the client once; the store
 * keeps only its sha256. A session dies when it expires, is revoked (sign-out),
 * its user is disabled, or the PC it was opened on is revoked.
 */
import { randomUUID } from 'node:crypto';
import type { CompiledQuery, InferResult } from 'kysely';
import type { RoleGrant, UserSummary } from '@sinif/shared';
import type { StoreDb } from '../db/store.ts';
import { hashToken, newToken } from './secrets.ts';
import { summaryOf } from './people.ts';
import { grantsFromRows, rolesOf } from './grants.ts';

export interface SessionUser extends UserSummary {
  sessionId: string;
  deviceId: string | null;
  grants: RoleGrant[];
  mustChangePassword: boolean;
}

export type SessionLookup =
  | { kind: 'valid'; user: SessionUser }
  | { kind: 'invalid' }
  | { kind: 'deviceRevoked' };

export async function openSession(
  db: StoreDb,
  userId: string,
  deviceId: string | null,
  ttlHours: number,
  now = new Date(),
): Promise<{ token: string; expiresAt: string; sessionId: string }> {
  const token = newToken();
  const sessionId = randomUUID();
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000).toISOString();
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      user_id: userId,
      device_id: deviceId,
      token_hash: hashToken(token),
      created_at: now.toISOString(),
      expires_at: expiresAt,
      revoked_at: null,
    })
    .execute();
  return { token, expiresAt, sessionId };
}

/** Session, user, PC and grants in one statement: it runs on every authenticated request and socket handshake. */
function lookupQuery(db: StoreDb, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('devices', 'devices.id', 'sessions.device_id')
    .leftJoin('user_roles', 'user_roles.user_id', 'sessions.user_id')
    .leftJoin('schools', 'schools.id', 'user_roles.school_id')
    .select([
      'sessions.id as sessionId',
      'sessions.device_id as deviceId',
      'sessions.expires_at as expiresAt',
      'sessions.revoked_at as revokedAt',
      'devices.revoked_at as deviceRevokedAt',
      'user_roles.role as grantRole',
      'user_roles.school_id as grantSchoolId',
      'schools.region_id as grantRegionId',
      'users.id',
      'users.username',
      'users.display_name',
      'users.school_id',
      'users.disabled_at',
      'users.must_change_password',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .orderBy('user_roles.role')
    .orderBy('user_roles.school_id');
}
type LookupRow = InferResult<ReturnType<typeof lookupQuery>>[number];

/**
 * The lookup compiled once per store, run with the token hash as its only
 * parameter: building and compiling the query anew cost about as much as
 * running it (auth bench).
 */
const compiledLookups = new WeakMap<StoreDb, CompiledQuery<LookupRow>>();

function compiledLookup(db: StoreDb): CompiledQuery<LookupRow> {
  let compiled = compiledLookups.get(db);
  if (!compiled) {
    compiled = lookupQuery(db, '').compile();
    if (compiled.parameters.length !== 1) throw new Error('the session lookup must take the token hash as its only parameter');
    compiledLookups.set(db, compiled);
  }
  return compiled;
}

export async function lookupSession(db: StoreDb, token: string, now = new Date()): Promise<SessionLookup> {
  const { rows } = await db.executeQuery<LookupRow>({ ...compiledLookup(db), parameters: [hashToken(token)] });
  const row = rows[0];
  if (!row || row.expiresAt <= now.toISOString()) return { kind: 'invalid' };
  // Before the session's own state: revoking a PC also ends its sessions, and the client must learn it was the PC.
  if (row.deviceId !== null && row.deviceRevokedAt !== null) return { kind: 'deviceRevoked' };
  if (row.revokedAt !== null || row.disabled_at !== null) return { kind: 'invalid' };
  const grants = grantsFromRows(rows.map((r) => ({ role: r.grantRole, schoolId: r.grantSchoolId, regionId: r.grantRegionId })));
  const user: SessionUser = {
    ...summaryOf(row, rolesOf(grants)),
    sessionId: row.sessionId,
    deviceId: row.deviceId,
    grants,
    mustChangePassword: row.must_change_password === 1,
  };
  return { kind: 'valid', user };
}

export async function revokeSession(db: StoreDb, sessionId: string, now = new Date()): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every live session of a user (sign out everywhere, disable, password reset). Returns the ids ended. */
export async function revokeUserSessions(db: StoreDb, userId: string, now = new Date()): Promise<string[]> {
  const live = await db
    .selectFrom('sessions')
    .select('id')
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .execute();
  await db
    .updateTable('sessions')
    .set({ revoked_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  return live.map((s) => s.id);
}
