/**
 * One seat's screen opened large by a watching teacher. Only that seat is
 * told to send large frames (`lab:focus { on }`), and its frames go only to
 * the teacher sockets that opened it, so the rest of the lab and the other
 * watchers keep the grid's small, slow frames. Leaving the grid or
 * disconnecting closes the teacher's focus (the hub calls `focusSeat(…, null)`).
 */
import type { LabDone, LabFocusFrameRequest, LabFocusRequest, LabThumbnailAck } from '@sinif/shared';
import type { SessionUser } from '../auth/sessions.ts';
import { forbidden, notFound } from '../http/api-error.ts';
import type { RealtimeSocket } from '../realtime/realtime-server.ts';
import type { LabSessionHub } from './lab-session-hub.ts';
import type { LabSession } from './lab-session.ts';
import { seatFrame } from './lab-talk.ts';

/** Sets which seat `socket` has open large (`null`: none) and tells the seats whose focus changed. */
export function focusSeat(session: LabSession, socket: RealtimeSocket, deviceId: string | null): void {
  const before = session.focusBy.get(socket.id) ?? null;
  if (before === deviceId) return;
  const wasFocused = new Map([before, deviceId].flatMap((id) => (id ? [[id, session.isFocused(id)] as const] : [])));
  if (deviceId === null) session.focusBy.delete(socket.id);
  else session.focusBy.set(socket.id, deviceId);
  for (const [id, was] of wasFocused) {
    const now = session.isFocused(id);
    if (now !== was) session.links.get(id)?.emit('lab:focus', { sessionId: session.id, on: now });
  }
}

/** `lab:focus` from a teacher who watches the grid. */
export function focus(hub: LabSessionHub, user: SessionUser, socket: RealtimeSocket, request: LabFocusRequest): LabDone {
  const session = hub.session(request.sessionId);
  hub.requireTeacher(session, user);
  if (request.deviceId !== null) {
    if (!session.watchers.has(socket.id)) throw forbidden('Watch the screens (lab:watch) before opening one large.');
    if (!session.seats.has(request.deviceId)) throw notFound(`No seat ${request.deviceId} in this lab.`);
  }
  focusSeat(session, socket, request.deviceId);
  return {};
}

/** `lab:focusFrame` from a seat: relayed only while some teacher has it open, and only to them. */
export function relayFocusFrame(hub: LabSessionHub, socket: RealtimeSocket, request: LabFocusFrameRequest): LabThumbnailAck {
  const session = hub.session(request.sessionId);
  const seat = session.seatOf(socket);
  if (!seat) throw forbidden('Only a PC taking part in this lab session sends its screen.');
  const viewers = [...session.focusBy].flatMap(([socketId, deviceId]) => (deviceId === seat.deviceId ? [socketId] : []));
  if (viewers.length === 0) return { relayed: false };
  hub.io.to(viewers).emit('lab:focusFrame', seatFrame(session.id, seat.deviceId, request));
  return { relayed: true };
}
