/**
 * What to show the signed-in person. Only hides what the server would refuse:
 * the server checks every call against the same matrix and decides.
 */
import { isPermitted, type Action, type RoleGrant, type UserSummary } from '@sinif/shared';

/** Administration sections, in tab order, each with the action that lists it. */
export const adminSections = [
  { id: 'labs', action: 'lab.list' },
  { id: 'codes', action: 'enrolmentCode.list' },
  { id: 'devices', action: 'device.list' },
  { id: 'users', action: 'user.list' },
  { id: 'classes', action: 'class.list' },
  { id: 'regions', action: 'region.list' },
  { id: 'schools', action: 'school.list' },
  { id: 'audit', action: 'audit.read' },
] as const satisfies readonly { id: string; action: Action }[];
export type AdminSection = (typeof adminSections)[number]['id'];

/**
 * The admin screens act in the person's own school. The region of that school
 * is the same on both sides of the check, so it need not be known here.
 */
export function mayInOwnSchool(user: UserSummary, action: Action): boolean {
  const grants: RoleGrant[] = user.roles.map((role) => ({ role, schoolId: user.schoolId, regionId: '' }));
  return isPermitted(grants, action, { regionId: '', schoolId: user.schoolId });
}

export function visibleAdminSections(user: UserSummary): AdminSection[] {
  return adminSections.filter((section) => mayInOwnSchool(user, section.action)).map((section) => section.id);
}
