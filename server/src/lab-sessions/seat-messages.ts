/**
 * A teacher's `message` command is news, not state: a seat that was offline
 * when it went out, or rebooted before it could show it, would never see it.
 * So each seat keeps the messages it has not acknowledged (newest
 * SEAT_MESSAGES_KEPT: "open page 12" just sent matters, a stack of old ones
 * does not). They are stored in `lab_sessions.state` with the command itself,
 * before the seat hears of it, sent again in every `lab:state`, and dropped
 * once the seat acks the command or reports it applied (`lab:commandResult`,
 * which is how a seat answers a message it found in its state).
 */
import { SEAT_MESSAGES_KEPT, type DeliveryStatus, type LabSeatMessage } from '@sinif/shared';
import type { LabSessionHub } from './lab-session-hub.ts';
import type { LabSeatRecord, LabSession, PersistedLabState } from './lab-session.ts';

/** Owed to the seat from now on (call before the state is stored with the command). */
export function queueMessage(seat: LabSeatRecord, message: LabSeatMessage): void {
  seat.messages = [...seat.messages.filter((m) => m.commandId !== message.commandId), message].slice(-SEAT_MESSAGES_KEPT);
}

/** Progress that proves the seat holds the message: its ack of receipt or its report. A timeout (failed NO_ACK) proves nothing. */
const reached: ReadonlySet<DeliveryStatus> = new Set<DeliveryStatus>(['delivered', 'applied']);

/**
 * A seat's progress on a command: when it is a message the seat was owed,
 * the seat has it now. The state is rewritten with the ledger's next flush
 * rather than at once: thirty seats acking one message become one write, and
 * a crash before it only shows a seat that message once more.
 */
export function seatProgressed(hub: LabSessionHub, session: LabSession, deviceId: string, commandId: string, status: DeliveryStatus): void {
  if (!reached.has(status)) return;
  const seat = session.seats.get(deviceId);
  if (!seat || !seat.messages.some((m) => m.commandId === commandId)) return;
  seat.messages = seat.messages.filter((m) => m.commandId !== commandId);
  hub.ledger.stateChanged(session);
}

/** Puts a restored session's owed messages back on its seats (a seat revoked or moved away meanwhile has none). */
export function restoreSeatMessages(session: LabSession, stored: PersistedLabState): void {
  for (const [deviceId, messages] of Object.entries(stored.messages ?? {})) {
    const seat = session.seats.get(deviceId);
    if (seat) seat.messages = messages.slice(-SEAT_MESSAGES_KEPT);
  }
}
