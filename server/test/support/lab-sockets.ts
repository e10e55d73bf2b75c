/**
 * socket.io clients for lab-session tests: connect with a session token (and
 * a PC's device token), call an event and read its ack, wait for an event,
 * and a seat that behaves like the desktop app (acks every command, then
 * reports it applied) while recording what it was told.
 */
import { io as connect, type Socket } from 'socket.io-client';
import type { LabSeatCommand, LabSeatCommandAck, LabState, SocketAck } from '@sinif/shared';

export interface SocketAuth {
  token: string;
  deviceToken?: string;
}

export interface OpenOptions {
  reconnection?: boolean;
  /** Listeners to add before connecting: the server may emit in the same breath as it accepts. */
  prepare?: (socket: Socket) => void;
}

export function openSocket(url: string, auth: SocketAuth, options: OpenOptions = {}): Promise<Socket> {
  const socket = connect(url, {
    autoConnect: false,
    path: '/socket.io',
    auth: { ...auth },
    transports: ['websocket'],
    reconnection: options.reconnection ?? false,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    forceNew: true,
  });
  options.prepare?.(socket);
  socket.connect();
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.disconnect();
      reject(error);
    });
  });
}

export async function call<T = unknown>(socket: Socket, event: string, payload: unknown, timeoutMs = 3000): Promise<SocketAck<T>> {
  return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as SocketAck<T>;
}

/** The ack's value, or a thrown error naming the refusal. */
export async function ok<T = unknown>(socket: Socket, event: string, payload: unknown): Promise<T> {
  const answer = await call<T>(socket, event, payload);
  if (!answer.ok) throw new Error(`${event} refused: ${answer.error.code} ${answer.error.message}`);
  return answer.value;
}

export function nextEvent<T>(socket: Socket, event: string, accept: (payload: T) => boolean = () => true, timeoutMs = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T): void => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** A lab PC as the desktop app will be: acks each command at once, then reports it applied. */
export class SeatClient {
  readonly socket: Socket;
  readonly commands: LabSeatCommand[] = [];
  readonly states: LabState[] = [];
  /** Set to make the seat report `failed` with this reason instead of `applied`. */
  failWith: string | null = null;
  /** Report the outcome inside the ack instead of a later `lab:commandResult`. */
  resultInAck = false;

  constructor(socket: Socket) {
    this.socket = socket;
    socket.on('lab:state', (state: LabState) => this.states.push(state));
    socket.on('lab:command', (command: LabSeatCommand, ack: (answer: LabSeatCommandAck) => void) => {
      this.commands.push(command);
      const report = this.failWith === null ? ({ status: 'applied' } as const) : ({ status: 'failed', reason: this.failWith } as const);
      if (this.resultInAck) return ack({ ok: true, ...report });
      ack({ ok: true });
      socket.emit('lab:commandResult', { sessionId: command.sessionId, commandId: command.commandId, ...report }, () => undefined);
    });
  }

  static async open(url: string, auth: SocketAuth, options: OpenOptions = {}): Promise<SeatClient> {
    let seat: SeatClient | undefined;
    await openSocket(url, auth, { ...options, prepare: (socket) => (seat = new SeatClient(socket)) });
    return seat!;
  }

  get lastState(): LabState | undefined {
    return this.states.at(-1);
  }

  close(): void {
    this.socket.disconnect();
  }
}
