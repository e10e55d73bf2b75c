/**
 * Teacher commands: apply to the session state, persist (state and command id
 * in one transaction), then send each target seat its own `lab:command` with
 * an ack, and report per-seat progress to the teachers as `lab:delivery`:
 * offline → (the seat returns and gets the state) delivered; sent → delivered
 * (ack) → applied / failed (the seat's `lab:commandResult`).
 *
 * Idempotent by command id: the first call's result promise is remembered
 * (and its row stored), so a retry — even one racing the first — applies
 * nothing and answers the same result.
 */
import { LabSeatCommandAck, checker, type DeliveryStatus, type LabCommandReport, type LabCommandRequest, type LabCommandResult, type LabDone, type SeatDelivery, type SeatDirectives } from '@sinif/shared';
import type { SessionUser } from '../auth/sessions.ts';
import { forbidden, notFound } from '../http/api-error.ts';
import type { RealtimeSocket } from '../realtime/realtime-server.ts';
import type { LabSessionHub } from './lab-session-hub.ts';
import type { LabSession } from './lab-session.ts';
import { saveCommand } from './lab-session-records.ts';
import { applyCommand, commandBody } from './seat-directives.ts';
import { queueMessage, seatProgressed } from './seat-messages.ts';

const seatAck = checker(LabSeatCommandAck);
const progressRank: Record<DeliveryStatus, number> = { sent: 0, offline: 0, delivered: 1, failed: 2, applied: 2 };

export function runCommand(hub: LabSessionHub, user: SessionUser, request: LabCommandRequest): Promise<LabCommandResult> {
  const session = hub.session(request.sessionId);
  hub.requireTeacher(session, user);
  const known = session.commands.get(request.id);
  if (known) return known;
  const pending = applyAndSend(hub, session, user, request);
  session.commands.set(request.id, pending);
  // A command that failed before it was stored may be retried with the same id.
  pending.catch(() => session.commands.delete(request.id));
  return pending;
}

function resolveTargets(session: LabSession, targets: LabCommandRequest['targets']): string[] {
  if (targets === 'all') return [...session.seats.keys()];
  const unknown = targets.filter((id) => !session.seats.has(id));
  if (unknown.length > 0) throw notFound(`No seat ${unknown.join(', ')} in this lab.`);
  return targets;
}

async function applyAndSend(hub: LabSessionHub, session: LabSession, user: SessionUser, request: LabCommandRequest): Promise<LabCommandResult> {
  const targets = resolveTargets(session, request.targets);
  if (request.kind === 'pushLesson' && request.lessonId !== null) {
    const lesson = await hub.db.selectFrom('lessons').select('id').where('id', '=', request.lessonId).where('deleted', '=', 0).executeTakeFirst();
    if (!lesson) throw notFound(`No lesson ${request.lessonId} in the library.`);
  }
  const body = commandBody(request);
  if (request.targets === 'all') session.allDirectives = applyCommand(session.allDirectives, body);
  /** What each seat is sent, fixed now: a later command may change the seat before this one is stored. */
  const stamps = new Map<string, { directives: SeatDirectives; revision: number }>();
  const at = new Date().toISOString();
  for (const deviceId of targets) {
    const seat = session.seats.get(deviceId)!;
    seat.directives = applyCommand(seat.directives, body);
    seat.lastDelivery = { deviceId, commandId: request.id, status: session.links.has(deviceId) ? 'sent' : 'offline', reason: null };
    seat.lastKind = body.kind;
    // Every command a seat is sent is a step it counts, so it sees a gap or an overtaken answer.
    seat.revision += 1;
    stamps.set(deviceId, { directives: seat.directives, revision: seat.revision });
    // Owed to the seat until it acks: stored below with the command, so an offline or rebooting seat still sees it.
    if (body.kind === 'message') queueMessage(seat, { commandId: request.id, text: body.text, at });
  }
  const result: LabCommandResult = { commandId: request.id, kind: request.kind, targets };
  await hub.track(saveCommand(hub.db, session, { id: request.id, kind: request.kind, issuedBy: user.id, body, result }));
  if (session.ended) return result;

  for (const deviceId of targets) {
    const stamp = stamps.get(deviceId)!;
    hub.ledger.changed(session, deviceId);
    if (body.kind !== 'message') hub.feed.seatChanged(session, deviceId);
    const socket = session.links.get(deviceId);
    if (!socket) {
      hub.feed.delivery(session, { deviceId, commandId: request.id, status: 'offline', reason: null });
      continue;
    }
    socket
      .timeout(hub.options.seatAckTimeoutMs)
      .emit('lab:command', { sessionId: session.id, commandId: request.id, command: body, ...stamp }, (error: Error | null, answer?: unknown) => {
        if (error) return progress(hub, session, { deviceId, commandId: request.id, status: 'failed', reason: 'NO_ACK' });
        progress(hub, session, { deviceId, commandId: request.id, status: 'delivered', reason: null });
        // The seat may already know the outcome; an ack of any other shape still counts as delivered.
        if (seatAck.check(answer) && answer.status) {
          progress(hub, session, { deviceId, commandId: request.id, status: answer.status, reason: answer.status === 'failed' ? (answer.reason ?? 'UNKNOWN') : null });
        }
      });
  }
  return result;
}

/** Records a seat's progress on a command and tells the teachers; the seat's map entry never moves backwards. */
function progress(hub: LabSessionHub, session: LabSession, delivery: SeatDelivery): void {
  if (session.ended) return;
  seatProgressed(hub, session, delivery.deviceId, delivery.commandId, delivery.status);
  const seat = session.seats.get(delivery.deviceId);
  const last = seat?.lastDelivery;
  if (seat && last?.commandId === delivery.commandId) {
    if (progressRank[delivery.status] <= progressRank[last.status]) return;
    seat.lastDelivery = delivery;
    hub.ledger.changed(session, delivery.deviceId);
  }
  hub.feed.delivery(session, delivery);
}

/** `lab:commandResult`: a seat says it applied (or could not apply) a command. */
export function reportCommand(hub: LabSessionHub, socket: RealtimeSocket, report: LabCommandReport): LabDone {
  const session = hub.session(report.sessionId);
  const seat = session.seatOf(socket);
  if (!seat) throw forbidden('Only a PC taking part in this lab session reports on its commands.');
  if (!session.commands.has(report.commandId)) throw notFound(`No command ${report.commandId} in this session.`);
  progress(hub, session, { deviceId: seat.deviceId, commandId: report.commandId, status: report.status, reason: report.status === 'failed' ? (report.reason ?? 'UNKNOWN') : null });
  return {};
}
