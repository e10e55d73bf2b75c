/**
 * Co-teaching: a teacher of the school who finds the lab taken asks to join,
 * and the session's teachers see the open asks and who else of the school
 * could be invited. The invitation itself is `LabSessionHub.invite`, which
 * also closes the invitee's ask. Open asks are stored with the session's
 * state, so a teacher who asked is still waiting after a server restart.
 */
import { CO_TEACHERS_MAX, permissionMatrix, type LabAskToJoinRequest, type LabAskToJoinResult, type LabCoTeacher, type LabCoTeacherList, type LabCoTeachersRequest, type Role } from '@sinif/shared';
import type { SessionUser } from '../auth/sessions.ts';
import { userRoom } from '../realtime/realtime-server.ts';
import type { LabSessionHub } from './lab-session-hub.ts';
import type { LabSession, PersistedLabState } from './lab-session.ts';
import { saveState } from './lab-session-records.ts';

/** Roles the matrix lets run lab sessions in their own school (read from the matrix, not restated). */
const teachingRoles = (Object.entries(permissionMatrix['labSession.run']) as [Role, string][]).filter(([, scope]) => scope !== 'none').map(([role]) => role);

/** Asks being stored, per session and asker: asking twice meanwhile waits for the same write. */
const storing = new WeakMap<LabSession, Map<string, Promise<void>>>();

export async function askToJoin(hub: LabSessionHub, user: SessionUser, request: LabAskToJoinRequest): Promise<LabAskToJoinResult> {
  const session = hub.session(request.sessionId);
  if (session.isTeacher(user.id)) return { asked: false, alreadyTeacher: true };
  let saves = storing.get(session);
  if (!saves) storing.set(session, (saves = new Map()));
  const pending = saves.get(user.id);
  if (pending) await pending;
  else if (!session.joinAsks.has(user.id)) {
    session.joinAsks.set(user.id, { userId: user.id, displayName: user.displayName, at: new Date().toISOString() });
    // Stored before the teachers hear of it; an ask that could not be stored was never made (asking again retries).
    const save = hub.track(saveState(hub.db, session)).catch((error: unknown) => {
      session.joinAsks.delete(user.id);
      throw error;
    });
    saves.set(user.id, save);
    try {
      await save;
    } finally {
      saves.delete(user.id);
    }
    hub.io.to(session.teachersRoom).emit('lab:joinAsks', { sessionId: session.id, asks: [...session.joinAsks.values()] });
  }
  return { asked: true, alreadyTeacher: false };
}

/** A restored session's open asks: only those made during it, by people not invited since. */
export function restoreJoinAsks(session: LabSession, stored: PersistedLabState): void {
  for (const ask of stored.joinAsks ?? []) {
    if (ask.at >= session.startedAt && !session.isTeacher(ask.userId)) session.joinAsks.set(ask.userId, ask);
  }
}

export async function coTeachers(hub: LabSessionHub, user: SessionUser, request: LabCoTeachersRequest): Promise<LabCoTeacherList> {
  const session = hub.session(request.sessionId);
  hub.requireTeacher(session, user);
  const schoolTeachers = () =>
    hub.db
      .selectFrom('users')
      .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
      .select(['users.id as userId', 'users.display_name as displayName'])
      .distinct()
      .where('user_roles.school_id', '=', session.schoolId)
      .where('user_roles.role', 'in', teachingRoles)
      .where('users.disabled_at', 'is', null);
  // The asks are read on their own: the page of names below is cut by the
  // alphabet, and a teacher waiting for an invitation must never fall off it.
  const askIds = [...session.joinAsks.keys()];
  const [asking, named] = await Promise.all([
    askIds.length > 0 ? schoolTeachers().where('users.id', 'in', askIds).execute() : [],
    schoolTeachers()
      .orderBy('users.display_name')
      .limit(CO_TEACHERS_MAX * 5)
      .execute(),
  ]);
  const people = [...asking, ...named.filter((person) => !session.joinAsks.has(person.userId))];
  const rooms = hub.io.sockets.adapter.rooms;
  const teachers: LabCoTeacher[] = people.map((person) => ({
    ...person,
    inSession: session.isTeacher(person.userId),
    online: (rooms.get(userRoom(person.userId))?.size ?? 0) > 0,
    asked: session.joinAsks.has(person.userId),
  }));
  // Open asks first, then people online now (they can join at once), then everyone else by name.
  const rank = (t: LabCoTeacher) => (t.asked ? 0 : t.online ? 1 : 2);
  teachers.sort((a, b) => rank(a) - rank(b) || a.displayName.localeCompare(b.displayName));
  return { teachers: teachers.slice(0, CO_TEACHERS_MAX) };
}
