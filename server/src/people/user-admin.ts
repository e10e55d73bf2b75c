/**
 * Creating and administering people of a school. Role grants are checked
 * against `grantableRoles` so an IT admin cannot mint a region admin, and an
 * admin may touch only people whose every role they could have granted.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { mayGrantRole, type Action, type AdminUser, type Role, type ScopeTarget } from '@sinif/shared';
import type { Kysely } from 'kysely';
import type { StoreDb } from '../db/store.ts';
import type { StoreSchema, UserRow } from '../db/schema.ts';
import { forbidden } from '../http/api-error.ts';
import { loadGrants } from '../auth/grants.ts';

export function assertMayGrant(request: FastifyRequest, roles: readonly Role[], action: Action, target: ScopeTarget): void {
  const grants = request.user?.grants ?? [];
  const refused = roles.filter((role) => !mayGrantRole(grants, role, action, target));
  if (refused.length > 0) throw forbidden(`Your roles may not grant: ${refused.join(', ')}.`);
}

/** Refuses when the target holds a role the caller could not have granted (no acting on one's betters). */
export async function assertMayAdminister(request: FastifyRequest, userId: string, action: Action): Promise<void> {
  const grants = await loadGrants(request.server.store, userId);
  for (const grant of grants) {
    assertMayGrant(request, [grant.role], action, { regionId: grant.regionId, schoolId: grant.schoolId });
  }
}

export interface NewUser {
  id?: string;
  schoolId: string;
  username: string;
  displayName: string;
  passwordHash: string;
  roles: readonly Role[];
  mustChangePassword: boolean;
}

export async function insertUser(db: Kysely<StoreSchema>, user: NewUser, now = new Date()): Promise<string> {
  const id = user.id ?? randomUUID();
  await db
    .insertInto('users')
    .values({
      id,
      school_id: user.schoolId,
      username: user.username,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      created_at: now.toISOString(),
      disabled_at: null,
      must_change_password: user.mustChangePassword ? 1 : 0,
    })
    .execute();
  for (const role of user.roles) await db.insertInto('user_roles').values({ user_id: id, role, school_id: user.schoolId }).execute();
  return id;
}

export async function usernameTaken(db: Kysely<StoreSchema>, usernames: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  // Chunked: SQLite limits bound parameters per statement.
  for (let i = 0; i < usernames.length; i += 500) {
    const rows = await db.selectFrom('users').select('username').where('username', 'in', usernames.slice(i, i + 500)).execute();
    for (const row of rows) taken.add(row.username);
  }
  return taken;
}

export async function adminUser(db: StoreDb, user: UserRow, schoolId: string): Promise<AdminUser> {
  const roles = await db
    .selectFrom('user_roles')
    .select('role')
    .where('user_id', '=', user.id)
    .where('school_id', '=', schoolId)
    .orderBy('role')
    .execute();
  return {
    id: user.id,
    schoolId: user.school_id,
    username: user.username,
    displayName: user.display_name,
    roles: roles.map((r) => r.role).filter((r): r is Role => ['region_admin', 'school_it_admin', 'teacher', 'student'].includes(r)),
    disabled: user.disabled_at !== null,
    mustChangePassword: user.must_change_password === 1,
    createdAt: user.created_at,
  };
}

/** People of a school: its own (home school) and those holding a role there, by username. */
export async function schoolUsers(db: StoreDb, schoolId: string, limit: number, after?: string): Promise<{ users: AdminUser[]; hasMore: boolean }> {
  let query = db
    .selectFrom('users')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('school_id', '=', schoolId),
        eb('id', 'in', eb.selectFrom('user_roles').select('user_id').where('school_id', '=', schoolId)),
      ]),
    );
  if (after !== undefined) query = query.where('username', '>', after);
  const rows = await query.orderBy('username').limit(limit + 1).execute();
  const users = await Promise.all(rows.slice(0, limit).map((row) => adminUser(db, row, schoolId)));
  return { users, hasMore: rows.length > limit };
}
