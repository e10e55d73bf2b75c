/** The (role, school, region) grants a person holds; the permission matrix is applied to these. */
import { Role, checker, type RoleGrant } from '@sinif/shared';
import type { StoreDb } from '../db/store.ts';

const roleChecker = checker(Role);

export async function loadGrants(db: StoreDb, userId: string): Promise<RoleGrant[]> {
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('schools', 'schools.id', 'user_roles.school_id')
    .select(['user_roles.role as role', 'user_roles.school_id as schoolId', 'schools.region_id as regionId'])
    .where('user_roles.user_id', '=', userId)
    .orderBy('user_roles.role')
    .orderBy('user_roles.school_id')
    .execute();
  const grants: RoleGrant[] = [];
  // A role this code does not know grants nothing.
  for (const row of rows) if (roleChecker.check(row.role)) grants.push({ role: row.role, schoolId: row.schoolId, regionId: row.regionId });
  return grants;
}

export function rolesOf(grants: readonly RoleGrant[]): RoleGrant['role'][] {
  return [...new Set(grants.map((g) => g.role))].sort();
}
