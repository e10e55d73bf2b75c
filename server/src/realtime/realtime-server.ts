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
  type SessionClientEvents,
  type SessionServerEvents,
  type SocketAck,
} from '@sinif/shared';
import { lookupSession, type SessionUser } from '../auth/sessions.ts';
import { findActiveDevice } from '../devices/enrolment.ts';
import { ApiError } from '../http/api-error.ts';
import { socketEvents, type SocketEvent } from './socket-events.ts';

export interface SocketData {
  user: SessionUser;
  deviceId: string | null;
}

type NoEvents = Record<string, never>;
export type RealtimeServer = Server<SessionClientEvents, SessionServerEvents, NoEvents, SocketData>;
type RealtimeSocket = Socket<SessionClientEvents, SessionServerEvents, NoEvents, SocketData>;

export interface Realtime {
  io: RealtimeServer;
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
const userRoom = (userId: string): string => `user:${userId}`;
const deviceRoom = (deviceId: string): string => `device:${deviceId}`;

const endMessages: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.deviceRevoked]: 'This computer is no longer enrolled.',
  [ErrorCode.sessionRevoked]: 'The session has ended; sign in again.',
};

async function admit(app: FastifyInstance, auth: Record<string, unknown>): Promise<SocketData> {
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

function bindEvent(app: FastifyInstance, socket: RealtimeSocket, spec: SocketEvent): void {
  const payloadChecker = checker(spec.schema);
  // Event names come from the table, so the typed map cannot name them statically.
  const on = socket.on.bind(socket) as unknown as (event: string, listener: (...args: unknown[]) => void) => void;
  on(spec.event, (payload: unknown, ack: unknown) => {
    if (typeof ack !== 'function') return; // every event answers through its ack; without one there is no one to tell
    const reply = ack as (answer: SocketAck<unknown>) => void;
    const refuse = (code: ErrorCode, message: string): void => reply({ ok: false, error: { code, message } });
    const context = { app, user: socket.data.user };
    void (async () => {
      if (!isPermitted(context.user.grants, spec.action, null)) return refuse(ErrorCode.forbidden, `Your role may not use ${spec.action}.`);
      if (!payloadChecker.check(payload)) return refuse(ErrorCode.invalidBody, payloadChecker.problems(payload).join('; '));
      if (spec.scope && !isPermitted(context.user.grants, spec.action, await spec.scope(payload, context))) {
        return refuse(ErrorCode.forbidden, `Your roles do not allow ${spec.action} there.`);
      }
      reply({ ok: true, value: await spec.handle(payload, context) });
    })().catch((error: unknown) => {
      if (error instanceof ApiError) return refuse(error.code, error.message);
      app.log.error({ err: error, event: spec.event }, 'socket event failed');
      refuse(ErrorCode.internal, 'Something went wrong on the server.');
    });
  });
}

export function attachRealtime(app: FastifyInstance, events: readonly SocketEvent[] = socketEvents): Realtime {
  const io: RealtimeServer = new Server(app.server, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: app.config.bodyLimitBytes,
  });

  io.use((socket, next) => {
    admit(app, (socket.handshake.auth ?? {}) as Record<string, unknown>).then(
      (data) => {
        socket.data.user = data.user;
        socket.data.deviceId = data.deviceId;
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
    for (const spec of events) bindEvent(app, socket, spec);
    if (deviceId) void app.presence.seen(deviceId, socket.handshake.address).catch(() => undefined);
    app.log.debug({ userId: user.id, socketId: socket.id }, 'socket connected');
  });

  const end = (room: string, code: ErrorCode): void => {
    io.to(room).emit(SESSION_ENDED_EVENT, { code, message: endMessages[code] ?? 'The session has ended.' });
    io.in(room).disconnectSockets(true);
  };

  let closing: Promise<void> | undefined;
  return {
    io,
    endSession: (sessionId, code = ErrorCode.sessionRevoked) => end(sessionRoom(sessionId), code),
    endUser: (userId, code = ErrorCode.sessionRevoked) => end(userRoom(userId), code),
    endDevice: (deviceId, code = ErrorCode.deviceRevoked) => end(deviceRoom(deviceId), code),
    close() {
      // Not io.close(): it would also close the HTTP server, which Fastify owns and closes itself.
      closing ??= new Promise<void>((resolve) => {
        io.disconnectSockets(true);
        io.engine.close();
        resolve();
      });
      return closing;
    },
  };
}
