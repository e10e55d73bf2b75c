/** Reading users as the API shows them (UserSummary), and how usernames compare. */
import type { UserSummary } from '@sinif/shared';
import type { StoreDb } from '../db/store.ts';
import type { UserRow } from '../db/schema.ts';
import { loadGrants, rolesOf } from './grants.ts';

/** Usernames are stored NFC and lower-case, so "Aygün" typed on any keyboard finds "aygün". */
export function normalizeUsername(username: string): string {
  return username.trim().normalize('NFC').toLowerCase();
}

export async function findUserByUsername(db: StoreDb, username: string): Promise<UserRow | undefined> {
  const exact = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (exact) return exact;
  const normal = normalizeUsername(username);
  if (normal === username) return undefined;
  return db.selectFrom('users').selectAll().where('username', '=', normal).executeTakeFirst();
}

export async function userSummary(db: StoreDb, user: UserRow): Promise<UserSummary> {
  const grants = await loadGrants(db, user.id);
  return summaryOf(user, rolesOf(grants));
}

export function summaryOf(user: Pick<UserRow, 'id' | 'username' | 'display_name' | 'school_id'>, roles: UserSummary['roles']): UserSummary {
  return { id: user.id, username: user.username, displayName: user.display_name, roles, schoolId: user.school_id };
}
