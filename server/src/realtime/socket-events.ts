/**
 * Client → server socket events, one small handler each, registered from this
 * table (never a big switch). Each names its permission-matrix action and
 * payload schema; the realtime server checks both before the handler runs
 * and always answers through the ack.
 */
import type { TSchema } from 'typebox';
import { WhoAmIRequest, type Action, type MeResponse, type ScopeTarget } from '@sinif/shared';
import type { FastifyInstance } from 'fastify';
import type { SessionUser } from '../auth/sessions.ts';
import { meOf } from '../auth/me.ts';

export interface SocketEventContext {
  app: FastifyInstance;
  user: SessionUser;
}

export interface SocketEvent {
  event: string;
  action: Action;
  schema: TSchema;
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

export const socketEvents: readonly SocketEvent[] = [whoami];
