/**
 * The permission matrix as data: action × role → scope in which the role may
 * act. The server enforces it on every route and socket event; clients use it
 * only to hide what would be refused. An action missing here is refused.
 */
import type { Role } from './domain/people.ts';

/** `school`: only inside the actor's own school. `none`: never. */
export type Scope = 'any' | 'region' | 'school' | 'none';

export const actions = ['catalog.read', 'content.read', 'session.signOut'] as const;
export type Action = (typeof actions)[number];

export const permissionMatrix: Record<Action, Record<Role, Scope>> = {
  'catalog.read': { region_admin: 'any', school_it_admin: 'school', teacher: 'school', student: 'school' },
  'content.read': { region_admin: 'any', school_it_admin: 'school', teacher: 'school', student: 'school' },
  'session.signOut': { region_admin: 'any', school_it_admin: 'any', teacher: 'any', student: 'any' },
};

/** True when any of `roles` may perform `action` at all (scope checked by the caller). */
export function mayPerform(roles: readonly Role[], action: Action): boolean {
  // Look up defensively: a role or action missing from the matrix is refused.
  return roles.some((role) => (permissionMatrix[action]?.[role] ?? 'none') !== 'none');
}
