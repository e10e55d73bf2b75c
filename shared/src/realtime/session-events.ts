/**
 * socket.io events of the signed-in session itself (features such as lab
 * sessions add their own maps). The server checks each client event against
 * the permission matrix and its payload schema.
 */
import { Type, type Static } from 'typebox';
import type { MeResponse } from '../rest/me.ts';

/** Sent just before the server drops a socket; `code` is an ErrorCode (DEVICE_REVOKED, SESSION_REVOKED). */
export const SessionEnded = Type.Object({ code: Type.String(), message: Type.String() });
export type SessionEnded = Static<typeof SessionEnded>;

export const SESSION_ENDED_EVENT = 'session:ended';

/** Client → server: `whoami` with an empty payload; the ack carries the same answer as GET /api/v1/me. */
export const WhoAmIRequest = Type.Object({}, { additionalProperties: false });
export type WhoAmIRequest = Static<typeof WhoAmIRequest>;

/** Every socket ack is either `{ ok: true, value }` or `{ ok: false, error: { code, message } }`. */
export type SocketAck<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

export interface SessionServerEvents {
  'session:ended': (payload: SessionEnded) => void;
}
export interface SessionClientEvents {
  whoami: (payload: WhoAmIRequest, ack: (answer: SocketAck<MeResponse>) => void) => void;
}
