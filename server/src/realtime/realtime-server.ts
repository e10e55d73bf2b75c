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
  type LabClientEvents,
  type LabServerEvents,
  type SessionClientEvents,
  type SessionServerEvents,
} from '@sinif/shared';
import { lookupSession, type SessionUser } from '../auth/sessions.ts';
import { findActiveDevice } from '../devices/enrolment.ts';
import { LabSessionHub, type LabSessionOptions } from '../lab-sessions/lab-session-hub.ts';
import { socketEvents, type SocketEvent } from './socket-events.ts';
import { socketDispatcher } from './socket-dispatch.ts';
import type { SocketThrottle } from './socket-throttle.ts';

export interface SocketData {
  user: SessionUser;
  deviceId: string | null;
  /** The lab of the PC, once the lab-session hub has looked it up. */
  labId: string | null;
  /** Made on the socket's first event: most lab PCs stay silent most of the time. */
  throttle?: SocketThrottle;
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
  const labs = new LabSessionHub(io, app.store, app.log, options.labSessions);
  const dispatch = socketDispatcher(app, labs, options.events ?? socketEvents);
  // Shared by every socket (`this` is the socket): no per-socket closure.
  const gone = function (this: RealtimeSocket): void {
    labs.socketGone(this);
  };
  // socket.io's own advice for many connections: do not keep each upgrade request (headers, buffers) alive.
  io.engine.on('connection', (raw: { request: unknown }) => {
    raw.request = null;
  });

  io.use((socket, next) => {
    admit(app, (socket.handshake.auth ?? {}) as Record<string, unknown>).then(
      (data) => {
        socket.data.user = data.user;
        socket.data.deviceId = data.deviceId;
        socket.data.labId = null;
        // The tokens did their job; a long-lived socket should not keep secrets in memory.
        socket.handshake.auth = {};
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
    socket.onAny(dispatch);
    if (deviceId) void app.presence.seen(deviceId, socket.handshake.address).catch(() => undefined);
    socket.on('disconnect', gone);
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
