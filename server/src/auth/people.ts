/** Reading users as the API shows them (UserSummary). */
import { Role, checker, type UserSummary } from '@sinif/shared';
import type { StoreDb } from '../db/store.ts';
import type { UserRow } from '../db/schema.ts';

const roleChecker = checker(Role);

export async function findUserByUsername(db: StoreDb, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function userSummary(db: StoreDb, user: UserRow): Promise<UserSummary> {
  const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).orderBy('role').execute();
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    // A role this code does not know grants nothing (mayPerform would read it as allowed).
    roles: roles.map((r) => r.role).filter((role) => roleChecker.check(role)),
    schoolId: user.school_id,
  };
}
