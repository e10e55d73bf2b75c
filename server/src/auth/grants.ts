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
  return grantsFromRows(rows);
}

/** Grants from joined rows; rows of an unknown role (or of a left join that found none) grant nothing. */
export function grantsFromRows(rows: readonly { role: string | null; schoolId: string | null; regionId: string | null }[]): RoleGrant[] {
  const grants: RoleGrant[] = [];
  for (const row of rows) {
    if (roleChecker.check(row.role) && row.schoolId !== null && row.regionId !== null) {
      grants.push({ role: row.role, schoolId: row.schoolId, regionId: row.regionId });
    }
  }
  return grants;
}

export function rolesOf(grants: readonly RoleGrant[]): RoleGrant['role'][] {
  return [...new Set(grants.map((g) => g.role))].sort();
}
