/**
 * This PC's part in its lab's session, over the core's one socket. A seat
 * (re)joins on every connect and enforces whatever the server's `lab:state`
 * says; it applies each `lab:command` and reports applied/failed. A teacher
 * starts and ends the session, sends commands and follows the seat map.
 * The renderer reads all of it as one `LabView` (host `lab.state`).
 *
 * While the link is down a seat keeps its last state (a lock stays a lock);
 * the server re-sends the full state on reconnect, or says the session is gone.
 */
import { randomUUID } from 'node:crypto';
import {
  HostErrorCode,
  THUMBNAIL_MAX_BYTES,
  LabChatMessage,
  LabDelivery,
  LabEnded,
  LabSeatCommand,
  LabSeatUpdate,
  LabState,
  LabWatchNotice,
  checker,
  type HostArgs,
  type LabCommandResult,
  type LabSeatCommandAck,
  type LabSeatState,
  type LabTeacherState,
  type LabTeacherMessage,
  type LabThumbnail,
  type LabThumbnailList,
  type LabThumbnailSent,
  type LabView,
} from '@sinif/shared';
import { HostFailure } from '../../host/host-failure.ts';
import type { CoreSocket } from '../session-link.ts';
import { labCall } from './lab-calls.ts';
import { FrameBook, ThumbnailGate } from './screen-frames.ts';
import { PushedLesson, type LessonOutcome, type LessonSource } from './pushed-lesson.ts';
import { DeliveryBook, applySeatUpdate, withoutOwnSeat } from './teacher-map.ts';

const labState = checker(LabState);
const seatCommand = checker(LabSeatCommand);
const seatUpdate = checker(LabSeatUpdate);
const delivery = checker(LabDelivery);
const chatMessage = checker(LabChatMessage);
const ended = checker(LabEnded);
const watchNotice = checker(LabWatchNotice);
const CHAT_KEPT = 200;

/** `lab:thumbnail` carries binary bytes, which the shared TypeBox checker cannot describe. */
function isThumbnail(value: unknown): value is LabThumbnail {
  const frame = value as Partial<LabThumbnail> | null;
  return (
    typeof frame?.sessionId === 'string' &&
    typeof frame.deviceId === 'string' &&
    typeof frame.at === 'string' &&
    (frame.mime === 'image/webp' || frame.mime === 'image/jpeg') &&
    frame.frame instanceof Uint8Array
  );
}
const MESSAGES_KEPT = 20;

export interface LabPlace {
  labId: string;
  deviceId: string;
}

export class LabLink {
  readonly #lesson: PushedLesson;
  readonly #deliveries = new DeliveryBook();
  readonly #frames = new FrameBook();
  readonly #gate = new ThumbnailGate();
  /** The teacher's grid is on screen: asked again after a reconnect (the server forgets watchers). */
  #watching = false;
  /** Counts commands heard, so a join answer overtaken by one is known to be stale. */
  #heard = 0;
  readonly #logError: (message: string, error: unknown) => void;
  #socket: CoreSocket | null = null;
  #place: LabPlace | null = null;
  #session: LabSeatState | LabTeacherState | null = null;
  #messages: LabTeacherMessage[] = [];

  constructor(lessons: LessonSource, logError: (message: string, error: unknown) => void) {
    this.#lesson = new PushedLesson(lessons);
    this.#logError = logError;
  }

  /** Rides `socket` for `place` (this PC's lab) until unbind(). */
  bind(socket: CoreSocket, place: LabPlace): void {
    this.unbind();
    this.#socket = socket;
    this.#place = place;
    socket.on('connect', () => void this.#join());
    socket.on('lab:state', (state) => {
      if (labState.check(state)) this.#adopt(state);
    });
    socket.on('lab:command', (command, ack) => {
      this.#heard += 1;
      if (!seatCommand.check(command)) return ack({ ok: true, status: 'failed', reason: 'INVALID_COMMAND' });
      void this.#apply(command, ack).catch((error: unknown) => this.#logError('could not apply a lab command', error));
    });
    socket.on('lab:seat', (update) => {
      const session = this.#session;
      if (seatUpdate.check(update) && session?.view === 'teacher' && session.sessionId === update.sessionId) {
        this.#session = applySeatUpdate(session, update, place.deviceId);
      }
    });
    socket.on('lab:delivery', (payload) => {
      if (delivery.check(payload) && payload.sessionId === this.#session?.sessionId) this.#deliveries.heard(payload);
    });
    socket.on('lab:chat', (message) => {
      if (chatMessage.check(message)) this.#addChat(message);
    });
    socket.on('lab:watch', (notice) => {
      const session = this.#session;
      if (watchNotice.check(notice) && session?.view === 'seat' && session.sessionId === notice.sessionId) {
        this.#session = { ...session, watch: notice.on };
        // A new round of watching starts with the current screen, changed or not.
        this.#gate.reset();
      }
    });
    socket.on('lab:thumbnail', (frame) => {
      const session = this.#session;
      if (isThumbnail(frame) && session?.view === 'teacher' && session.sessionId === frame.sessionId) this.#frames.heard(frame);
    });
    socket.on('lab:ended', (payload) => {
      if (ended.check(payload) && payload.sessionId === this.#session?.sessionId) this.#clear();
    });
    if (socket.connected) void this.#join();
  }

  /** Signed out or enrolment gone: this PC no longer takes part. */
  unbind(): void {
    this.#socket = null;
    this.#place = null;
    this.#clear();
  }

  async view(): Promise<LabView> {
    const session = this.#session;
    return {
      connected: this.#socket?.connected ?? false,
      labId: this.#place?.labId ?? null,
      deviceId: this.#place?.deviceId ?? null,
      session: session?.view === 'teacher' ? this.#deliveries.applyTo(session) : session,
      lesson: await this.#lesson.view(),
      messages: this.#messages,
      lastCommand: session?.view === 'teacher' ? this.#deliveries.lastCommand() : null,
    };
  }

  async start(): Promise<LabView> {
    const place = this.#requirePlace();
    this.#adopt(await labCall(this.#socket, 'lab:start', { labId: place.labId, classId: null }));
    return this.view();
  }

  async end(): Promise<LabView> {
    const session = this.#teaching();
    await labCall(this.#socket, 'lab:end', { sessionId: session.sessionId });
    if (this.#session?.sessionId === session.sessionId) this.#clear();
    return this.view();
  }

  async command(args: HostArgs<'lab.command'>): Promise<LabCommandResult> {
    const session = this.#teaching();
    const id = randomUUID();
    const result = await labCall(this.#socket, 'lab:command', { ...args.command, sessionId: session.sessionId, id, targets: args.targets });
    this.#deliveries.issued(result.commandId, result.kind, result.targets);
    return result;
  }

  async hand(args: HostArgs<'lab.hand'>): Promise<void> {
    const session = this.#requireSession();
    await labCall(this.#socket, 'lab:hand', { sessionId: session.sessionId, raised: args.raised, ...(args.deviceId ? { deviceId: args.deviceId } : {}) });
    const now = this.#session;
    if (now?.view === 'seat' && now.sessionId === session.sessionId && args.deviceId === undefined) this.#session = { ...now, handRaised: args.raised };
  }

  async chat(args: HostArgs<'lab.chat'>): Promise<LabChatMessage> {
    const session = this.#requireSession();
    const message = await labCall(this.#socket, 'lab:chat', { sessionId: session.sessionId, to: args.to, text: args.text });
    this.#addChat(message);
    return message;
  }

  /** Teacher: the grid is shown (frames flow) or hidden (seats stop sending). */
  async watch(args: HostArgs<'lab.watch'>): Promise<void> {
    const session = this.#session;
    // Leaving the grid after the session ended has nothing left to stop.
    if (!args.watching && session?.view !== 'teacher') return;
    const teaching = this.#teaching();
    this.#watching = args.watching;
    if (!args.watching) this.#frames.clear();
    await labCall(this.#socket, 'lab:watch', { sessionId: teaching.sessionId, on: args.watching });
  }

  thumbnails(): LabThumbnailList {
    return { frames: this.#session?.view === 'teacher' ? this.#frames.list() : [] };
  }

  /** Seat: one frame of its screen, sent only while watched and only when it changed. */
  async thumbnail(args: HostArgs<'lab.thumbnail'>): Promise<LabThumbnailSent> {
    const session = this.#requireSession();
    if (session.view !== 'seat' || !session.watch) return { sent: false };
    const bytes = Buffer.from(args.dataBase64, 'base64');
    if (bytes.byteLength === 0 || bytes.byteLength > THUMBNAIL_MAX_BYTES) {
      throw new HostFailure(HostErrorCode.invalidArgument, `A thumbnail must be 1 to ${THUMBNAIL_MAX_BYTES} bytes.`);
    }
    if (!this.#gate.changed(bytes)) return { sent: false };
    const frame = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const ack = await labCall(this.#socket, 'lab:thumbnail', { sessionId: session.sessionId, mime: args.mediaType, width: args.width, height: args.height, frame });
    if (ack.relayed) this.#gate.sent(bytes);
    return { sent: ack.relayed };
  }

  async #join(): Promise<void> {
    const place = this.#place;
    const socket = this.#socket;
    if (!place || !socket) return;
    try {
      // The join answer is a snapshot; a command that arrived while it was on its
      // way is newer. Then ask again rather than re-apply an old lock.
      let state: Awaited<ReturnType<typeof labCall<'lab:join'>>>;
      let attempts = 0;
      do {
        const heardBefore = this.#heard;
        state = await labCall(socket, 'lab:join', { labId: place.labId });
        if (this.#socket !== socket) return;
        if (heardBefore === this.#heard) break;
      } while (++attempts < 3);
      // No session any more (it ended while this PC was away): back to normal.
      if (state === null) this.#clear();
      else this.#adopt(state);
      if (state?.view === 'teacher' && this.#watching) await labCall(socket, 'lab:watch', { sessionId: state.sessionId, on: true });
    } catch (error) {
      // FORBIDDEN: someone else teaches this lab and this person is no seat of it; nothing to enforce.
      if (!(error instanceof HostFailure) || error.code !== HostErrorCode.forbidden) this.#logError('could not join the lab session', error);
    }
  }

  #adopt(state: LabSeatState | LabTeacherState): void {
    if (this.#session?.sessionId !== state.sessionId) {
      this.#deliveries.clear();
      this.#messages = [];
    }
    if (state.view === 'teacher') {
      this.#session = withoutOwnSeat(state, this.#place?.deviceId ?? null);
      this.#lesson.clear();
      return;
    }
    this.#session = state;
    // A full state may come from a restarted server that holds no frame of this seat.
    this.#gate.reset();
    // The full state is enforced as is; a missing lesson is fetched (no command to report on).
    void this.#lesson.show(state.directives.lessonId);
  }

  async #apply(command: LabSeatCommand, ack: (answer: LabSeatCommandAck) => void): Promise<void> {
    const session = this.#session;
    if (session?.view === 'seat' && session.sessionId === command.sessionId) this.#session = { ...session, directives: command.directives };
    else void this.#join(); // A command for a session this PC has not heard of: fetch the full state.
    const body = command.command;
    if (body.kind === 'message') {
      this.#messages = [...this.#messages, { commandId: command.commandId, text: body.text, at: new Date().toISOString() }].slice(-MESSAGES_KEPT);
      return ack({ ok: true, status: 'applied' });
    }
    if (body.kind !== 'pushLesson' || (await this.#lesson.isReady(body.lessonId))) {
      if (body.kind === 'pushLesson') await this.#lesson.show(body.lessonId);
      return ack({ ok: true, status: 'applied' });
    }
    ack({ ok: true });
    const outcome: LessonOutcome = await this.#lesson.show(body.lessonId);
    await labCall(this.#socket, 'lab:commandResult', { sessionId: command.sessionId, commandId: command.commandId, ...outcome }).catch((error: unknown) =>
      this.#logError('could not report a pushed lesson', error),
    );
  }

  #addChat(message: LabChatMessage): void {
    const session = this.#session;
    if (!session || session.sessionId !== message.sessionId || session.chat.some((m) => m.id === message.id)) return;
    this.#session = { ...session, chat: [...session.chat, message].slice(-CHAT_KEPT) };
  }

  #clear(): void {
    this.#session = null;
    this.#messages = [];
    this.#deliveries.clear();
    this.#lesson.clear();
    this.#frames.clear();
    this.#gate.reset();
    this.#watching = false;
  }

  #requirePlace(): LabPlace {
    if (!this.#place) throw new HostFailure(HostErrorCode.notSignedIn, 'Sign in on an enrolled PC to take part in a lab session.');
    return this.#place;
  }

  #requireSession(): LabSeatState | LabTeacherState {
    this.#requirePlace();
    if (!this.#session) throw new HostFailure(HostErrorCode.notFound, 'No lab session runs in this lab.');
    return this.#session;
  }

  #teaching(): LabTeacherState {
    const session = this.#requireSession();
    if (session.view !== 'teacher') throw new HostFailure(HostErrorCode.forbidden, 'Only the teacher of this lab session may do this.');
    return session;
  }
}
