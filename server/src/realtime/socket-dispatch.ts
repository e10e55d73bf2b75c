/**
 * Runs client events from the table: one dispatcher function shared by every
 * socket (attached with `onAny`, so a server holding thousands of idle lab
 * PCs keeps no per-socket closures). Order of checks: rate (cheapest, so a
 * flood costs only its own socket), role in the matrix, payload schema,
 * scope; then the handler. Every outcome is answered through the ack.
 */
import type { FastifyInstance } from 'fastify';
import { ErrorCode, checker, isPermitted, type ScopeTarget, type SocketAck } from '@sinif/shared';
import { recordAudit } from '../audit/audit-log.ts';
import { ApiError } from '../http/api-error.ts';
import type { LabSessionHub } from '../lab-sessions/lab-session-hub.ts';
import type { RealtimeSocket } from './realtime-server.ts';
import type { SocketEvent } from './socket-events.ts';
import { SocketThrottle } from './socket-throttle.ts';

type CompiledEvent = SocketEvent & { payload: ReturnType<typeof checker> };
type Reply = (answer: SocketAck<unknown>) => void;

export type SocketDispatcher = (this: RealtimeSocket, event: string, ...args: unknown[]) => void;

export function socketDispatcher(app: FastifyInstance, labs: LabSessionHub, table: readonly SocketEvent[]): SocketDispatcher {
  // Schemas compile once here, never per socket.
  const events = new Map<string, CompiledEvent>(table.map((spec) => [spec.event, { ...spec, payload: checker(spec.schema) }]));

  async function run(socket: RealtimeSocket, spec: CompiledEvent, payload: unknown, refuse: (code: ErrorCode, message: string, details?: unknown) => void, reply: Reply, scope: { target: ScopeTarget }): Promise<void> {
    const user = socket.data.user;
    if (!isPermitted(user.grants, spec.action, null)) return refuse(ErrorCode.forbidden, `Your role may not use ${spec.action}.`);
    if (!spec.payload.check(payload)) return refuse(ErrorCode.invalidPayload, spec.payload.problems(payload).join('; '));
    const context = { app, user, socket, labs };
    if (spec.scope) {
      scope.target = await spec.scope(payload, context);
      if (!isPermitted(user.grants, spec.action, scope.target)) return refuse(ErrorCode.forbidden, `Your roles do not allow ${spec.action} there.`);
    }
    reply({ ok: true, value: await spec.handle(payload, context) });
  }

  function receive(socket: RealtimeSocket, event: string, payload: unknown, ack: unknown): void {
    if (typeof ack !== 'function') return; // every event answers through its ack; without one there is no one to tell
    const reply = ack as Reply;
    const spec = events.get(event);
    if (!spec) return reply({ ok: false, error: { code: ErrorCode.badRequest, message: `Unknown event ${event}.` } });
    const throttle = (socket.data.throttle ??= new SocketThrottle());
    if (!throttle.take(spec.rate ?? 'query')) {
      return reply({ ok: false, error: { code: ErrorCode.tooManyRequests, message: `Too many ${spec.event} events; slow down.` } });
    }
    const scope: { target: ScopeTarget } = { target: null };
    const refuse = (code: ErrorCode, message: string, details?: unknown): void => {
      reply({ ok: false, error: details === undefined ? { code, message } : { code, message, details } });
      if (code === ErrorCode.forbidden && spec.auditRefusals) auditRefusal(app, labs, socket, spec, scope.target, message);
    };
    run(socket, spec, payload, refuse, reply, scope).catch((error: unknown) => {
      if (error instanceof ApiError) return refuse(error.code, error.message, error.details);
      app.log.error({ err: error, event: spec.event }, 'socket event failed');
      refuse(ErrorCode.internal, 'Something went wrong on the server.');
    });
  }

  return function dispatch(this: RealtimeSocket, event: string, payload: unknown, ack: unknown): void {
    receive(this, event, payload, ack);
  };
}

function auditRefusal(app: FastifyInstance, labs: LabSessionHub, socket: RealtimeSocket, spec: SocketEvent, target: ScopeTarget, why: string): void {
  const { user } = socket.data;
  // Logged in the school that was targeted, so its staff see the attempt.
  const schoolId = target !== null && target !== 'global' && target.schoolId ? target.schoolId : user.schoolId;
  const entry = {
    actorUserId: user.id,
    schoolId,
    action: 'socket.refused',
    target: spec.event,
    detail: { event: spec.event, action: spec.action, deviceId: socket.data.deviceId, reason: why },
    ip: socket.handshake.address,
  };
  labs.track(recordAudit(app.store, entry)).catch((error: unknown) => app.log.error({ err: error }, 'could not audit a refused socket event'));
}
