/**
 * The core's live line to the server while someone is signed in. Its one job
 * here: hear at once when the server ends the session or revokes this PC
 * (`session:ended`), including while the app was offline (the handshake is
 * then refused with the same code). Lab sessions ride the same socket (`socket`, see lab/).
 *
 * Never spins: transport drops are retried by socket.io's own backoff; a
 * handshake refused for any other reason, or a server-side disconnect, is
 * retried by a timer with the same exponential backoff.
 */
import { io, type Socket } from 'socket.io-client';
import {
  ErrorCode,
  SESSION_ENDED_EVENT,
  SessionEnded,
  checker,
  type LabClientEvents,
  type LabServerEvents,
  type SessionClientEvents,
  type SessionServerEvents,
} from '@sinif/shared';

/** The core's one socket: session events plus the lab-session protocol (lab/lab-link.ts). */
export type CoreSocket = Socket<SessionServerEvents & LabServerEvents, SessionClientEvents & LabClientEvents>;

export interface SessionEnd {
  code: string;
  message: string;
}

export interface SessionLinkOptions {
  serverUrl: string;
  token: string;
  deviceToken: string;
  /** Called at most once: the server ended this session or revoked this PC. */
  onEnded: (end: SessionEnd) => void;
  /** First retry delay (doubles up to `retryDelayMaxMs`, with jitter). */
  retryDelayMs?: number;
  retryDelayMaxMs?: number;
}

const sessionEnded = checker(SessionEnded);
/** Handshake refusals that mean "this session is over", not "try later". */
const endingCodes: ReadonlySet<string> = new Set([ErrorCode.deviceRevoked, ErrorCode.unauthenticated, ErrorCode.sessionRevoked]);

export class SessionLink {
  readonly #socket: CoreSocket;
  readonly #onEnded: (end: SessionEnd) => void;
  readonly #retryDelayMs: number;
  readonly #retryDelayMaxMs: number;
  #retryTimer: NodeJS.Timeout | undefined;
  #failures = 0;
  #done = false;

  constructor(options: SessionLinkOptions) {
    this.#onEnded = options.onEnded;
    this.#retryDelayMs = options.retryDelayMs ?? 1_000;
    this.#retryDelayMaxMs = options.retryDelayMaxMs ?? 60_000;
    this.#socket = io(options.serverUrl, {
      path: '/socket.io',
      auth: { token: options.token, deviceToken: options.deviceToken },
      reconnectionDelay: this.#retryDelayMs,
      reconnectionDelayMax: this.#retryDelayMaxMs,
      randomizationFactor: 0.5,
      timeout: 15_000,
    });
    this.#socket.on(SESSION_ENDED_EVENT, (payload) => {
      if (sessionEnded.check(payload)) this.#end(payload);
    });
    this.#socket.on('connect', () => {
      this.#failures = 0;
    });
    this.#socket.on('connect_error', (error) => {
      const code = (error as { data?: { code?: unknown } }).data?.code;
      if (typeof code === 'string' && endingCodes.has(code)) {
        this.#end({ code, message: error.message });
        return;
      }
      // `active` stays true for transport errors: socket.io's Manager retries those itself.
      if (!this.#socket.active) this.#retryLater();
    });
    this.#socket.on('disconnect', (reason) => {
      // A server-side disconnect is not retried by socket.io; session:ended (if any) came first.
      if (reason === 'io server disconnect') this.#retryLater();
    });
  }

  get connected(): boolean {
    return this.#socket.connected;
  }

  /** For the lab link's own listeners; closing stays this object's job. */
  get socket(): CoreSocket {
    return this.#socket;
  }

  close(): void {
    this.#done = true;
    clearTimeout(this.#retryTimer);
    this.#socket.removeAllListeners();
    this.#socket.disconnect();
  }

  #end(end: SessionEnd): void {
    if (this.#done) return;
    this.close();
    this.#onEnded(end);
  }

  #retryLater(): void {
    if (this.#done || this.#retryTimer) return;
    const base = Math.min(this.#retryDelayMaxMs, this.#retryDelayMs * 2 ** this.#failures);
    this.#failures += 1;
    const delay = base * (0.5 + Math.random() / 2);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (!this.#done) this.#socket.connect();
    }, delay);
    this.#retryTimer.unref();
  }
}
