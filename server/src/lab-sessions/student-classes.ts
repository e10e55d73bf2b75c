/**
 * The classes of the student signed in on each PC socket, looked up once when
 * the PC arrives, so the teacher's seat map can offer "select class 7A".
 * Kept beside the socket (not on it) so the socket's own data stays the
 * realtime server's. IT adding a student to a class refreshes the PCs the
 * student is signed in on (`LabSessionHub.classesChanged`).
 */
import type { StoreDb } from '../db/store.ts';
import type { RealtimeSocket } from '../realtime/realtime-server.ts';

const bySocket = new WeakMap<RealtimeSocket, string[]>();

export async function loadStudentClasses(db: StoreDb, socket: RealtimeSocket): Promise<void> {
  const rows = await db.selectFrom('class_members').select('class_id').where('user_id', '=', socket.data.user.id).where('role', '=', 'student').orderBy('class_id').execute();
  bySocket.set(socket, rows.map((r) => r.class_id));
}

/** The student's class ids (empty when not looked up or in none). */
export function studentClassesOf(socket: RealtimeSocket | undefined): string[] {
  return (socket && bySocket.get(socket)) ?? [];
}

/** Reads the classes of the students on `sockets` again, in one query (IT changed a class's members). */
export async function reloadStudentClasses(db: StoreDb, sockets: readonly RealtimeSocket[]): Promise<void> {
  if (sockets.length === 0) return;
  const userIds = [...new Set(sockets.map((socket) => socket.data.user.id))];
  const rows = await db.selectFrom('class_members').select(['user_id', 'class_id']).where('user_id', 'in', userIds).where('role', '=', 'student').orderBy('class_id').execute();
  for (const socket of sockets) bySocket.set(socket, rows.filter((r) => r.user_id === socket.data.user.id).map((r) => r.class_id));
}
