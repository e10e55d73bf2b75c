/**
 * The permission matrix as data: action × role → scope in which the role may
 * act. The server enforces it on every route and socket event; clients use it
 * only to hide what would be refused. An action missing here is refused.
 *
 * A person holds roles as grants: (role, school). A grant's scope reaches:
 * `any` everywhere; `region` every school of the grant school's region;
 * `school` only the grant's school; `none` nothing. A region admin's grant is
 * held at a school of their region (e.g. the regional office), so it needs no
 * separate table.
 */
import { Type, type Static } from 'typebox';
import { Role } from './domain/people.ts';

export type Scope = 'any' | 'region' | 'school' | 'none';

export const actions = [
  'catalog.read',
  'content.read',
  'session.signOut',
  'session.signOutEverywhere',
  'me.read',
  'me.changePassword',
  'region.create',
  'region.list',
  'school.create',
  'school.list',
  'lab.create',
  'lab.list',
  'class.create',
  'class.list',
  'class.manageMembers',
  'user.create',
  'user.list',
  'user.import',
  'user.resetPassword',
  'user.disable',
  'enrolmentCode.create',
  'enrolmentCode.list',
  'enrolmentCode.revoke',
  'device.list',
  'device.manage',
  'device.revoke',
  'audit.read',
  'lab.updateLayout',
  'labSession.run',
  'labSession.participate',
  'library.list',
  'library.manage',
  'library.subscribe',
] as const;
export type Action = (typeof actions)[number];

/**
 * Actions an enrolled PC performs with its own device token, no person
 * signed in. They are outside the role matrix: the device token is the scope.
 * `device.labPeers`: lab-local blob sharing (the lab's peer secret, its PCs
 * online, who holds which blob).
 */
export const deviceActions = ['device.report', 'device.labPeers'] as const;
export type DeviceAction = (typeof deviceActions)[number];

const everyone = { region_admin: 'any', school_it_admin: 'any', teacher: 'any', student: 'any' } as const;
const inOwnSchool = { region_admin: 'any', school_it_admin: 'school', teacher: 'school', student: 'school' } as const;
/** Running a school: the region's admins and the school's IT staff. */
const schoolAdmin = { region_admin: 'region', school_it_admin: 'school', teacher: 'none', student: 'none' } as const;
/** Reading a school's organisation: also its teachers (they pick labs, classes, students). */
const schoolStaffRead = { region_admin: 'region', school_it_admin: 'school', teacher: 'school', student: 'none' } as const;
/** Running a lab session: the school's teachers (and its IT staff, who demo and help). */
const labTeaching = { region_admin: 'none', school_it_admin: 'school', teacher: 'school', student: 'none' } as const;
/** Taking part in a lab session of one's own school; membership is checked per session. */
const labTakingPart = { region_admin: 'none', school_it_admin: 'school', teacher: 'school', student: 'school' } as const;
const regionOnly = { region_admin: 'region', school_it_admin: 'none', teacher: 'none', student: 'none' } as const;
/** There is no national role yet: any region admin may create and list regions. */
const regionAdminAnywhere = { region_admin: 'any', school_it_admin: 'none', teacher: 'none', student: 'none' } as const;
/** Library channels are national, not per school: whoever manages or subscribes may list them all. */
const libraryRead = { region_admin: 'any', school_it_admin: 'any', teacher: 'none', student: 'none' } as const;

export const permissionMatrix: Record<Action, Record<Role, Scope>> = {
  'catalog.read': inOwnSchool,
  'content.read': inOwnSchool,
  'session.signOut': everyone,
  'session.signOutEverywhere': everyone,
  'me.read': everyone,
  'me.changePassword': everyone,
  'region.create': regionAdminAnywhere,
  'region.list': regionAdminAnywhere,
  'school.create': regionOnly,
  'school.list': regionOnly,
  'lab.create': schoolAdmin,
  'lab.list': schoolStaffRead,
  'class.create': schoolAdmin,
  'class.list': schoolStaffRead,
  'class.manageMembers': schoolAdmin,
  'user.create': schoolAdmin,
  'user.list': schoolStaffRead,
  'user.import': schoolAdmin,
  'user.resetPassword': schoolAdmin,
  'user.disable': schoolAdmin,
  'enrolmentCode.create': schoolAdmin,
  'enrolmentCode.list': schoolAdmin,
  'enrolmentCode.revoke': schoolAdmin,
  'device.list': schoolAdmin,
  'device.manage': schoolAdmin,
  'device.revoke': schoolAdmin,
  'audit.read': schoolAdmin,
  'lab.updateLayout': schoolAdmin,
  'labSession.run': labTeaching,
  'labSession.participate': labTakingPart,
  'library.list': libraryRead,
  'library.manage': regionAdminAnywhere,
  'library.subscribe': schoolAdmin,
};

/** Which roles a holder of a role may hand out (creating users, importing rosters). */
export const grantableRoles: Record<Role, readonly Role[]> = {
  region_admin: ['region_admin', 'school_it_admin', 'teacher', 'student'],
  school_it_admin: ['school_it_admin', 'teacher', 'student'],
  teacher: [],
  student: [],
};

export const RoleGrant = Type.Object({
  role: Role,
  schoolId: Type.String(),
  regionId: Type.String(),
});
export type RoleGrant = Static<typeof RoleGrant>;

/**
 * What an action acts on. `null`: nothing scoped (the catalog, one's own
 * session): any grant whose scope is not `none` suffices. `'global'`: all
 * regions (only `any` reaches it). Otherwise a region, or a school in it.
 */
export type ScopeTarget = { regionId: string; schoolId?: string } | 'global' | null;

function reaches(scope: Scope, grant: RoleGrant, target: ScopeTarget): boolean {
  switch (scope) {
    case 'none':
      return false;
    case 'any':
      return true;
    case 'region':
      return target === null || (target !== 'global' && target.regionId === grant.regionId);
    case 'school':
      return target === null || (target !== 'global' && target.schoolId === grant.schoolId);
    default: {
      const never: never = scope;
      return never;
    }
  }
}

/** True when one of `grants` lets its holder perform `action` on `target`. */
export function isPermitted(grants: readonly RoleGrant[], action: Action, target: ScopeTarget): boolean {
  // Look up defensively: a role or action missing from the matrix is refused.
  const row = permissionMatrix[action] as Partial<Record<string, Scope>> | undefined;
  return grants.some((grant) => reaches(row?.[grant.role] ?? 'none', grant, target));
}

/** True when any of `roles` may perform `action` at all (scope checked by the caller). */
export function mayPerform(roles: readonly Role[], action: Action): boolean {
  const row = permissionMatrix[action] as Partial<Record<string, Scope>> | undefined;
  return roles.some((role) => (row?.[role] ?? 'none') !== 'none');
}

/** True when the holders of `grants` may give `role` to someone in `target`'s school. */
export function mayGrantRole(grants: readonly RoleGrant[], role: Role, action: Action, target: ScopeTarget): boolean {
  return grants.some((grant) => grantableRoles[grant.role]?.includes(role) && isPermitted([grant], action, target));
}
