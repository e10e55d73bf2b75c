/**
 * The classroom back-channel of a lab session: raised hands, chat
 * (teacher ↔ class, teacher ↔ one seat, seat → teachers) and screen
 * thumbnails, which seats send only while a teacher watches the grid.
 */
import { randomUUID } from 'node:crypto';
import type { LabChatMessage, LabChatRequest, LabDone, LabFocusFrameRequest, LabHandRequest, LabHandResult, LabThumbnail, LabThumbnailAck, LabThumbnailRequest, LabWatchRequest } from '@sinif/shared';
import type { SessionUser } from '../auth/sessions.ts';
import { forbidden, notFound } from '../http/api-error.ts';
import type { RealtimeSocket } from '../realtime/realtime-server.ts';
import type { LabSessionHub } from './lab-session-hub.ts';
import { appendChat, saveState } from './lab-session-records.ts';

export async function raiseHand(hub: LabSessionHub, user: SessionUser, socket: RealtimeSocket, request: LabHandRequest): Promise<LabHandResult> {
  const session = hub.session(request.sessionId);
  const own = session.seatOf(socket);
  const byTeacher = session.isTeacher(user.id) && request.deviceId !== undefined && request.deviceId !== own?.deviceId;
  const seat = byTeacher ? session.seats.get(request.deviceId!) : own;
  if (!seat) {
    if (byTeacher) throw notFound(`No seat ${request.deviceId} in this lab.`);
    throw forbidden('Only a PC taking part in this lab session raises its hand.');
  }
  if (request.deviceId !== undefined && request.deviceId !== seat.deviceId) throw forbidden('A seat raises only its own hand.');
  if (seat.handRaised === request.raised) return {};
  seat.handRaised = request.raised;
  hub.feed.seatChanged(session, seat.deviceId);
  hub.ledger.changed(session, seat.deviceId);
  // Every hand change is a step of the seat's revision, its own too: a state sent
  // before it (a join answer on reconnect) is then older, and cannot put the hand
  // back on the seat while the teacher's map shows it moved. Stored before anyone hears of it.
  seat.revision += 1;
  const revision = seat.revision;
  await hub.track(saveState(hub.db, session));
  if (!byTeacher) return { revision };
  session.links.get(seat.deviceId)?.emit('lab:state', session.seatState(seat));
  return {};
}

export async function sendChat(hub: LabSessionHub, user: SessionUser, socket: RealtimeSocket, request: LabChatRequest): Promise<LabChatMessage> {
  const session = hub.session(request.sessionId);
  const teacher = session.isTeacher(user.id);
  const seat = session.seatOf(socket);
  if (!teacher && !seat) throw forbidden('Only the teachers and PCs of this lab session chat in it.');
  const to = request.to;
  if (typeof to === 'object') {
    if (!teacher) throw forbidden('Students write to the class or to the teachers.');
    if (!session.seats.has(to.deviceId)) throw notFound(`No seat ${to.deviceId} in this lab.`);
  }
  const message: LabChatMessage = {
    id: randomUUID(),
    sessionId: session.id,
    at: new Date().toISOString(),
    from: { userId: user.id, displayName: user.displayName, deviceId: teacher ? null : (seat?.deviceId ?? null) },
    to,
    text: request.text,
  };
  await hub.track(appendChat(hub.db, message));
  session.addChat(message);
  const rooms = [session.teachersRoom, socket.id];
  if (to === 'class') rooms.push(session.seatsRoom);
  else if (typeof to === 'object') {
    const link = session.links.get(to.deviceId);
    if (link) rooms.push(link.id);
  }
  hub.io.to(rooms).emit('lab:chat', message);
  return message;
}

export function watchGrid(hub: LabSessionHub, user: SessionUser, socket: RealtimeSocket, request: LabWatchRequest): LabDone {
  const session = hub.session(request.sessionId);
  hub.requireTeacher(session, user);
  if (request.on && !session.teacherSockets.has(socket.id)) throw forbidden('Join the session (lab:join) before watching its screens.');
  hub.setWatching(session, socket, request.on);
  return {};
}

/** A screen frame a seat sent (grid thumbnail or focused view), as the teachers get it. */
export function seatFrame(sessionId: string, deviceId: string, request: LabThumbnailRequest | LabFocusFrameRequest): LabThumbnail {
  const { mime, width, height, frame } = request;
  return { sessionId, deviceId, mime, width, height, at: new Date().toISOString(), frame };
}

export function relayThumbnail(hub: LabSessionHub, socket: RealtimeSocket, request: LabThumbnailRequest): LabThumbnailAck {
  const session = hub.session(request.sessionId);
  const seat = session.seatOf(socket);
  if (!seat) throw forbidden('Only a PC taking part in this lab session sends its screen.');
  if (session.watchers.size === 0) return { relayed: false };
  const frame = seatFrame(session.id, seat.deviceId, request);
  session.frames.set(seat.deviceId, frame);
  hub.io.to(session.watchRoom).emit('lab:thumbnail', frame);
  return { relayed: true };
}
