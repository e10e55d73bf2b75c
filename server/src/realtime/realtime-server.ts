/**
 * socket.io on the same HTTP server as the REST API (path /socket.io).
 * A socket must present a session token in its handshake; it then sits in
 * `school:<schoolId>` (fan-out to a school) and `session:<sessionId>` (so
 * signing out can drop it). Realtime features register their handlers later.
 */
import { Server, type Socket } from 'socket.io';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '@sinif/shared';
import { lookupSession, type SessionUser } from '../auth/sessions.ts';

export interface SocketData {
  user: SessionUser;
}

type NoEvents = Record<string, never>;
/** Event maps stay empty until realtime features add theirs. */
export type RealtimeServer = Server<NoEvents, NoEvents, NoEvents, SocketData>;

export interface Realtime {
  io: RealtimeServer;
  /** Disconnects every socket opened with this session. */
  endSession(sessionId: string): void;
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

export function attachRealtime(app: FastifyInstance): Realtime {
  const io: RealtimeServer = new Server(app.server, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: app.config.bodyLimitBytes,
  });

  io.use((socket, next) => {
    const token: unknown = socket.handshake.auth?.token;
    if (typeof token !== 'string' || token.length === 0 || token.length > 200) {
      next(new HandshakeRefused(ErrorCode.unauthenticated, 'Send a session token in auth.token.'));
      return;
    }
    lookupSession(app.store, token).then(
      (found) => {
        if (found.kind === 'valid') {
          socket.data.user = found.user;
          next();
        } else if (found.kind === 'deviceRevoked') {
          next(new HandshakeRefused(ErrorCode.deviceRevoked, 'This computer is no longer enrolled.'));
        } else {
          next(new HandshakeRefused(ErrorCode.unauthenticated, 'The session is unknown, expired or signed out.'));
        }
      },
      (error: unknown) => {
        app.log.error({ err: error }, 'socket handshake failed');
        next(new HandshakeRefused(ErrorCode.internal, 'Something went wrong on the server.'));
      },
    );
  });

  io.on('connection', (socket: Socket<NoEvents, NoEvents, NoEvents, SocketData>) => {
    const user = socket.data.user;
    void socket.join([schoolRoom(user.schoolId), sessionRoom(user.sessionId)]);
    app.log.debug({ userId: user.id, socketId: socket.id }, 'socket connected');
  });

  let closing: Promise<void> | undefined;
  return {
    io,
    endSession(sessionId) {
      io.in(sessionRoom(sessionId)).disconnectSockets(true);
    },
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
