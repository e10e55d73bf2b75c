/**
 * Client → server socket events, one small handler each, registered from this
 * table (never a big switch). Each names its permission-matrix action, payload
 * schema and rate class; the realtime server checks rate, matrix, payload and
 * scope (in that order) before the handler runs, and always answers through
 * the ack. Lab-session events live in lab-sessions/lab-socket-events.ts.
 */
import type { TSchema } from 'typebox';
import { WhoAmIRequest, type Action, type MeResponse, type ScopeTarget } from '@sinif/shared';
import type { FastifyInstance } from 'fastify';
import type { SessionUser } from '../auth/sessions.ts';
import { meOf } from '../auth/me.ts';
import type { LabSessionHub } from '../lab-sessions/lab-session-hub.ts';
import { labSocketEvents } from '../lab-sessions/lab-socket-events.ts';
import type { RealtimeSocket } from './realtime-server.ts';
import type { RateClass } from './socket-throttle.ts';

export interface SocketEventContext {
  app: FastifyInstance;
  user: SessionUser;
  socket: RealtimeSocket;
  labs: LabSessionHub;
}

export interface SocketEvent {
  event: string;
  action: Action;
  schema: TSchema;
  /** Token bucket the event draws from (default `query`). */
  rate?: RateClass;
  /** Write refused (FORBIDDEN) calls to the audit log: someone tried to act where they may not. */
  auditRefusals?: boolean;
  /** Where the event acts (default: nothing scoped). */
  scope?: (payload: unknown, context: SocketEventContext) => Promise<ScopeTarget>;
  handle(payload: unknown, context: SocketEventContext): Promise<unknown>;
}

const whoami: SocketEvent = {
  event: 'whoami',
  action: 'me.read',
  schema: WhoAmIRequest,
  handle: async (_payload, { user }): Promise<MeResponse> => meOf(user),
};

export const socketEvents: readonly SocketEvent[] = [whoami, ...labSocketEvents];
