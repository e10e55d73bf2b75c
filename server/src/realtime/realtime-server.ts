/**
 * socket.io on the same HTTP server as the REST API (path /socket.io).
 * A socket must present a session token in its handshake (and may present its
 * PC's device token); it then sits in rooms `school:<id>` (fan-out),
 * `session:<id>`, `user:<id>` and `device:<id>`, so ending a session, a user
 * or a PC can drop exactly its sockets, telling them why first.
 */
import { Server, type Socket } from 'socket.io';
import type { FastifyInstance } from 'fastify';
import {
  ErrorCode,
  SESSION_ENDED_EVENT,
  checker,
  isPermitted,
  type LabClientEvents,
  type LabServerEvents,
  type ScopeTarget,
  type SessionClientEvents,
  type SessionServerEvents,
  type SocketAck,
} from '@sinif/shared';
import { lookupSession, type SessionUser } from '../auth/sessions.ts';
import { findActiveDevice } from '../devices/enrolment.ts';
import { ApiError } from '../http/api-error.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { LabSessionHub, type LabSessionOptions } from '../lab-sessions/lab-session-hub.ts';
import { socketEvents, type SocketEvent } from './socket-events.ts';
import { SocketThrottle } from './socket-throttle.ts';

export interface SocketData {
  user: SessionUser;
  deviceId: string | null;
  /** The lab of the PC, once the lab-session hub has looked it up. */
  labId: string | null;
  throttle: SocketThrottle;
}

type NoEvents = Record<string, never>;
type ClientEvents = SessionClientEvents & LabClientEvents;
type ServerEvents = SessionServerEvents & LabServerEvents;
export type RealtimeServer = Server<ClientEvents, ServerEvents, NoEvents, SocketData>;
export type RealtimeSocket = Socket<ClientEvents, ServerEvents, NoEvents, SocketData>;

export interface Realtime {
  io: RealtimeServer;
  labs: LabSessionHub;
  /** Disconnects every socket opened with this session. */
  endSession(sessionId: string, code?: ErrorCode): void;
  /** Disconnects every socket of this person (disabled, signed out everywhere). */
  endUser(userId: string, code?: ErrorCode): void;
  /** Disconnects every socket of this PC (revoked). */
  endDevice(deviceId: string, code?: ErrorCode): void;
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    realtime: Realtime | undefined;
  }
}

class HandshakeRefused extends Error {
  readonly data: { code: ErrorCode };
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'HandshakeRefused';
    this.data = { code };
  }
}

export const schoolRoom = (schoolId: string): string => `school:${schoolId}`;
const sessionRoom = (sessionId: string): string => `session:${sessionId}`;
export const userRoom = (userId: string): string => `user:${userId}`;
const deviceRoom = (deviceId: string): string => `device:${deviceId}`;

const endMessages: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.deviceRevoked]: 'This computer is no longer enrolled.',
  [ErrorCode.sessionRevoked]: 'The session has ended; sign in again.',
};

async function admit(app: FastifyInstance, auth: Record<string, unknown>): Promise<Pick<SocketData, 'user' | 'deviceId'>> {
  const token = auth.token;
  if (typeof token !== 'string' || token.length === 0 || token.length > 200) {
    throw new HandshakeRefused(ErrorCode.unauthenticated, 'Send a session token in auth.token.');
  }
  const found = await lookupSession(app.store, token);
  if (found.kind === 'deviceRevoked') throw new HandshakeRefused(ErrorCode.deviceRevoked, 'This computer is no longer enrolled.');
  if (found.kind === 'invalid') throw new HandshakeRefused(ErrorCode.unauthenticated, 'The session is unknown, expired or signed out.');
  let deviceId = found.user.deviceId;
  if (auth.deviceToken !== undefined) {
    const device = typeof auth.deviceToken === 'string' && auth.deviceToken.length <= 200 ? await findActiveDevice(app.store, auth.deviceToken) : undefined;
    if (!device) throw new HandshakeRefused(ErrorCode.deviceRevoked, 'This computer is no longer enrolled.');
    deviceId = device.id;
  }
  return { user: found.user, deviceId };
}

type CompiledEvent = SocketEvent & { payload: ReturnType<typeof checker> };

function bindEvent(app: FastifyInstance, labs: LabSessionHub, socket: RealtimeSocket, spec: CompiledEvent): void {
  // Event names come from the table, so the typed map cannot name them statically.
  const on = socket.on.bind(socket) as unknown as (event: string, listener: (...args: unknown[]) => void) => void;
  on(spec.event, (payload: unknown, ack: unknown) => {
    if (typeof ack !== 'function') return; // every event answers through its ack; without one there is no one to tell
    const reply = ack as (answer: SocketAck<unknown>) => void;
    // Checked before anything else, so a flood costs this socket its own events and nothing more.
    if (!socket.data.throttle.take(spec.rate ?? 'query')) {
      return reply({ ok: false, error: { code: ErrorCode.tooManyRequests, message: `Too many ${spec.event} events; slow down.` } });
    }
    const context = { app, user: socket.data.user, socket, labs };
    let target: ScopeTarget = null;
    const refuse = (code: ErrorCode, message: string, details?: unknown): void => {
      reply({ ok: false, error: details === undefined ? { code, message } : { code, message, details } });
      if (code === ErrorCode.forbidden && spec.auditRefusals) auditRefusal(app, labs, socket, spec, target, message);
    };
    void (async () => {
      if (!isPermitted(context.user.grants, spec.action, null)) return refuse(ErrorCode.forbidden, `Your role may not use ${spec.action}.`);
      if (!spec.payload.check(payload)) return refuse(ErrorCode.invalidPayload, spec.payload.problems(payload).join('; '));
      if (spec.scope) {
        target = await spec.scope(payload, context);
        if (!isPermitted(context.user.grants, spec.action, target)) return refuse(ErrorCode.forbidden, `Your roles do not allow ${spec.action} there.`);
      }
      reply({ ok: true, value: await spec.handle(payload, context) });
    })().catch((error: unknown) => {
      if (error instanceof ApiError) return refuse(error.code, error.message, error.details);
      app.log.error({ err: error, event: spec.event }, 'socket event failed');
      refuse(ErrorCode.internal, 'Something went wrong on the server.');
    });
  });
}

function auditRefusal(app: FastifyInstance, labs: LabSessionHub, socket: RealtimeSocket, spec: SocketEvent, target: ScopeTarget, why: string): void {
  const { user } = socket.data;
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

export interface RealtimeOptions {
  events?: readonly SocketEvent[];
  labSessions?: Partial<LabSessionOptions>;
}

export function attachRealtime(app: FastifyInstance, options: RealtimeOptions = {}): Realtime {
  const io: RealtimeServer = new Server(app.server, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: app.config.bodyLimitBytes,
  });
  // Schemas compile once here, not once per socket: a lab server holds thousands of sockets.
  const events: CompiledEvent[] = (options.events ?? socketEvents).map((spec) => ({ ...spec, payload: checker(spec.schema) }));
  const labs = new LabSessionHub(io, app.store, app.log, options.labSessions);

  io.use((socket, next) => {
    admit(app, (socket.handshake.auth ?? {}) as Record<string, unknown>).then(
      (data) => {
        socket.data.user = data.user;
        socket.data.deviceId = data.deviceId;
        socket.data.labId = null;
        socket.data.throttle = new SocketThrottle();
        next();
      },
      (error: unknown) => {
        if (error instanceof HandshakeRefused) return next(error);
        app.log.error({ err: error }, 'socket handshake failed');
        next(new HandshakeRefused(ErrorCode.internal, 'Something went wrong on the server.'));
      },
    );
  });

  io.on('connection', (socket: RealtimeSocket) => {
    const { user, deviceId } = socket.data;
    const rooms = [schoolRoom(user.schoolId), sessionRoom(user.sessionId), userRoom(user.id)];
    if (deviceId) rooms.push(deviceRoom(deviceId));
    void socket.join(rooms);
    for (const spec of events) bindEvent(app, labs, socket, spec);
    if (deviceId) void app.presence.seen(deviceId, socket.handshake.address).catch(() => undefined);
    socket.on('disconnect', () => labs.socketGone(socket));
    labs.socketConnected(socket).catch((error: unknown) => app.log.error({ err: error, socketId: socket.id }, 'lab session join failed'));
    app.log.debug({ userId: user.id, socketId: socket.id }, 'socket connected');
  });

  const end = (room: string, code: ErrorCode): void => {
    io.to(room).emit(SESSION_ENDED_EVENT, { code, message: endMessages[code] ?? 'The session has ended.' });
    io.in(room).disconnectSockets(true);
  };

  let closing: Promise<void> | undefined;
  return {
    io,
    labs,
    endSession: (sessionId, code = ErrorCode.sessionRevoked) => end(sessionRoom(sessionId), code),
    endUser: (userId, code = ErrorCode.sessionRevoked) => end(userRoom(userId), code),
    endDevice: (deviceId, code = ErrorCode.deviceRevoked) => end(deviceRoom(deviceId), code),
    close() {
      // Not io.close(): it would also close the HTTP server, which Fastify owns and closes itself.
      // Transports are cut rather than sockets disconnected: a client told "io server disconnect"
      // would not reconnect, and lab PCs must find the server again after a restart.
      closing ??= (async () => {
        await labs.close();
        io.engine.close();
      })();
      return closing;
    },
  };
}
