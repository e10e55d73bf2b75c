/**
 * This PC's part in its lab's session, over the core's one socket. A seat
 * (re)joins on every connect and enforces whatever the server's `lab:state`
 * says; it applies each `lab:command` and reports applied/failed. A teacher
 * starts and ends the session, sends commands and follows the seat map.
 * The renderer reads all of it as one `LabView` (host `lab.state`).
 *
 * While the link is down a seat keeps its last state (a lock stays a lock);
 * the server re-sends the full state on reconnect, or says the session is gone.
 * Per-seat revisions keep a late answer from rolling a lock back (seat-revision.ts);
 * a teacher's command is retried with its id while the server is unreachable.
 */
import { randomUUID } from 'node:crypto';
import {
  HostErrorCode, LabChatMessage, LabDelivery, LabEnded, LabFocusNotice, LabInvited, LabJoinAsks, LabSeatCommand, LabSeatUpdate, LabState, LabWatchNotice, checker, hostAllowed, siteHostOf,
  type HostArgs, type LabBlockedSiteResult, type LabCommandResult, type LabSeatCommandAck, type LabSeatState,
  type LabTeacherState, type LabCoTeacherList, type LabThumbnailList, type LabThumbnailSent, type LabView,
} from '@sinif/shared';
import { HostFailure } from '../../host/host-failure.ts';
import type { CoreSocket } from '../session-link.ts';
import { BlockedSiteLog } from './blocked-sites.ts';
import { labCall } from './lab-calls.ts';
import { SeatEnforcementFeed, type EnforcementListener } from './seat-enforcement.ts';
import { CoTeaching } from './co-teaching.ts';
import { LabScreens } from './lab-screens.ts';
import { SeatRevision } from './seat-revision.ts';
import { retriedWhileUnreachable } from './command-retry.ts';
import { PushedLesson, type LessonOutcome, type LessonSource } from './pushed-lesson.ts';
import { DeliveryBook, applySeatUpdate, withoutOwnSeat } from './teacher-map.ts';
import { TeacherMessages } from './teacher-messages.ts';

const labState = checker(LabState);
const seatCommand = checker(LabSeatCommand);
const seatUpdate = checker(LabSeatUpdate);
const delivery = checker(LabDelivery);
const chatMessage = checker(LabChatMessage);
const ended = checker(LabEnded);
const watchNotice = checker(LabWatchNotice);
const focusNotice = checker(LabFocusNotice);
const joinAsks = checker(LabJoinAsks);
const invited = checker(LabInvited);
const CHAT_KEPT = 200;

export interface LabPlace {
  labId: string;
  deviceId: string;
}

export class LabLink {
  readonly #lesson: PushedLesson;
  readonly #deliveries = new DeliveryBook();
  /** Thumbnails and the screen opened large (lab-screens.ts). */
  readonly #screens: LabScreens;
  /** The seat's revision: an overtaken join answer or command never rolls its state back. */
  readonly #revision = new SeatRevision();
  /** Who else runs the lab, an ask to join, an invitation (co-teaching.ts). */
  readonly #team = new CoTeaching();
  readonly #logError: (message: string, error: unknown) => void;
  #socket: CoreSocket | null = null;
  #place: LabPlace | null = null;
  #current: LabSeatState | LabTeacherState | null = null;
  readonly #enforcement = new SeatEnforcementFeed();
  readonly #blocked = new BlockedSiteLog();
  get #session(): LabSeatState | LabTeacherState | null {
    return this.#current;
  }
  /** Every change of the session passes here, so the host hears at once what to enforce (lock window, site filter). */
  set #session(session: LabSeatState | LabTeacherState | null) {
    this.#current = session;
    this.#enforcement.update(session);
  }
  /** The teacher's messages, heard live or owed in a state (teacher-messages.ts). */
  readonly #messages = new TeacherMessages();

  constructor(lessons: LessonSource, logError: (message: string, error: unknown) => void) {
    this.#lesson = new PushedLesson(lessons);
    this.#logError = logError;
    this.#screens = new LabScreens({
      socket: () => this.#socket,
      session: () => this.#session,
      requireSession: () => this.#requireSession(),
      teaching: () => this.#teaching(),
    });
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
        this.#screens.newRound('grid');
      }
    });
    socket.on('lab:thumbnail', (frame) => this.#screens.heardFrame(frame));
    socket.on('lab:focusFrame', (frame) => this.#screens.heardFocusFrame(frame));
    socket.on('lab:focus', (notice) => {
      const session = this.#session;
      if (focusNotice.check(notice) && session?.view === 'seat' && session.sessionId === notice.sessionId) {
        this.#session = { ...session, focus: notice.on };
        this.#screens.newRound('focus');
      }
    });
    socket.on('lab:joinAsks', (payload) => {
      const session = this.#session;
      if (joinAsks.check(payload) && session?.view === 'teacher' && session.sessionId === payload.sessionId) this.#session = { ...session, joinAsks: payload.asks };
    });
    socket.on('lab:invited', (payload) => {
      if (!invited.check(payload)) return;
      this.#team.invited(payload.labId);
      void this.#join();
    });
    socket.on('lab:ended', (payload) => {
      if (!ended.check(payload) || payload.sessionId !== this.#session?.sessionId) return;
      this.#clear();
      // A co-taught session in another room is over: see whether this PC's own lab runs one.
      if (this.#team.invitationOver()) void this.#join();
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
      messages: [...this.#messages.list],
      lastCommand: session?.view === 'teacher' ? this.#deliveries.lastCommand() : null,
      blockedSite: session?.view === 'seat' ? this.#blocked.last() : null,
      ...this.#team.view(session),
    };
  }

  async start(args: HostArgs<'lab.start'> = {}): Promise<LabView> {
    const place = this.#requirePlace();
    const started = await labCall(this.#socket, 'lab:start', { labId: place.labId, classId: args.classId ?? null }).catch((error: unknown) => {
      this.#team.refused(error); // CONFLICT names who runs the lab
      throw error;
    });
    this.#adopt(started);
    return this.view();
  }

  /** A teacher who finds the lab run by someone else asks its teachers to invite them. */
  async askToJoin(): Promise<void> {
    const runBy = this.#team.view(this.#session).runBy;
    if (!runBy) throw new HostFailure(HostErrorCode.notFound, 'No lab session run by someone else to ask about.');
    const answer = await labCall(this.#socket, 'lab:askToJoin', { sessionId: runBy.sessionId });
    if (answer.alreadyTeacher) {
      this.#team.invited(runBy.labId);
      await this.#join();
    } else this.#team.askedFor(runBy.sessionId);
  }

  async invite(args: HostArgs<'lab.invite'>): Promise<void> {
    const session = this.#teaching();
    this.#adopt(await labCall(this.#socket, 'lab:invite', { sessionId: session.sessionId, userId: args.userId }));
  }

  coTeachers(): Promise<LabCoTeacherList> {
    return labCall(this.#socket, 'lab:coTeachers', { sessionId: this.#teaching().sessionId });
  }

  async end(): Promise<LabView> {
    const session = this.#teaching();
    await labCall(this.#socket, 'lab:end', { sessionId: session.sessionId });
    if (this.#session?.sessionId === session.sessionId) this.#clear();
    return this.view();
  }

  async command(args: HostArgs<'lab.command'>): Promise<LabCommandResult> {
    const session = this.#teaching();
    const request = { ...args.command, sessionId: session.sessionId, id: randomUUID(), targets: args.targets };
    const result = await retriedWhileUnreachable(() => labCall(this.#socket, 'lab:command', request));
    this.#deliveries.issued(result.commandId, result.kind, result.targets);
    return result;
  }

  async hand(args: HostArgs<'lab.hand'>): Promise<void> {
    const session = this.#requireSession();
    const answer = await labCall(this.#socket, 'lab:hand', { sessionId: session.sessionId, raised: args.raised, ...(args.deviceId ? { deviceId: args.deviceId } : {}) });
    const now = this.#session;
    if (now?.view !== 'seat' || now.sessionId !== session.sessionId || args.deviceId !== undefined) return;
    // The raise is a step of the seat's revision: a state newer than it already says where the hand is.
    const verdict = answer.revision === undefined ? 'apply' : this.#revision.admitOwn(answer.revision);
    if (verdict === 'stale') return;
    this.#session = { ...now, handRaised: args.raised, revision: verdict === 'apply' ? (answer.revision ?? now.revision) : now.revision };
    if (verdict === 'gap') void this.#join();
  }

  async chat(args: HostArgs<'lab.chat'>): Promise<LabChatMessage> {
    const session = this.#requireSession();
    const message = await labCall(this.#socket, 'lab:chat', { sessionId: session.sessionId, to: args.to, text: args.text });
    this.#addChat(message);
    return message;
  }

  watch(args: HostArgs<'lab.watch'>): Promise<void> {
    return this.#screens.watch(args);
  }

  focus(args: HostArgs<'lab.focus'>): Promise<void> {
    return this.#screens.focus(args);
  }

  thumbnails(): LabThumbnailList {
    return this.#screens.thumbnails();
  }

  thumbnail(args: HostArgs<'lab.thumbnail'>): Promise<LabThumbnailSent> {
    return this.#screens.thumbnail(args);
  }

  focusFrame(args: HostArgs<'lab.focusFrame'>): Promise<LabThumbnailSent> {
    return this.#screens.focusFrame(args);
  }

  /** What this PC must enforce now (no lock, no allowlist outside a seat's session), then every change. */
  onEnforcement(listener: EnforcementListener): () => void {
    return this.#enforcement.subscribe(listener);
  }

  /**
   * Seat: the renderer's check or the Electron request filter refused `url`.
   * The student's notice shows the host; the teachers hear it (host only).
   * A URL the allowlist holds after all (it changed meanwhile) is no refusal.
   */
  async blockedSite(args: HostArgs<'lab.blockedSite'>): Promise<LabBlockedSiteResult> {
    const session = this.#session;
    const host = siteHostOf(args.url);
    if (host === null || session?.view !== 'seat' || hostAllowed(host, session.directives.allowlist)) return { host, reported: false };
    if (!this.#blocked.refused(host)) return { host, reported: false };
    if (!this.#socket?.connected) {
      // Offline: the student still sees the notice; the teachers hear of the next try once the link is back.
      this.#blocked.unreported(host);
      return { host, reported: false };
    }
    try {
      await labCall(this.#socket, 'lab:blockedSite', { sessionId: session.sessionId, host, at: new Date().toISOString() });
      return { host, reported: true };
    } catch (error) {
      this.#blocked.unreported(host);
      this.#logError('could not report a blocked site', error);
      return { host, reported: false };
    }
  }

  async #join(): Promise<void> {
    const place = this.#place;
    const socket = this.#socket;
    if (!place || !socket) return;
    const labId = this.#team.labToJoin(place.labId);
    try {
      // A stale answer (a command overtook it) is older than the revision held: #adopt ignores it.
      const state = await labCall(socket, 'lab:join', { labId });
      if (this.#socket !== socket) return;
      if (state === null) {
        // No session any more (it ended while this PC was away): back to normal, or to its own lab.
        this.#clear();
        if (labId !== place.labId && this.#team.invitationOver()) await this.#join();
        return;
      }
      // A seat's answer copies the lab:state pushed just before it (adopted on arrival); adopted
      // again after this await, it undid a 'lab:watch' read in between, and no frame was sent.
      if (state.view === 'seat') return;
      this.#adopt(state);
      if (state.view === 'teacher') await this.#screens.rejoined(socket, state);
    } catch (error) {
      // FORBIDDEN: someone else teaches this lab and this person is no seat of it; nothing to enforce.
      this.#team.refused(error);
      if (!(error instanceof HostFailure) || error.code !== HostErrorCode.forbidden) this.#logError('could not join the lab session', error);
    }
  }

  #adopt(state: LabSeatState | LabTeacherState): void {
    if (this.#session?.sessionId !== state.sessionId) {
      this.#deliveries.clear();
      this.#messages.clear();
      this.#blocked.clear();
    }
    if (state.view === 'teacher') {
      this.#revision.reset();
      this.#team.adopted(state);
      this.#session = withoutOwnSeat(state, this.#place?.deviceId ?? null);
      this.#lesson.clear();
      return;
    }
    // Messages are news, not state: shown once, and reported even from an overtaken state (the server keeps each until then).
    for (const { commandId } of this.#messages.fromState(state)) void this.#report(state.sessionId, commandId, { status: 'applied' });
    if (!this.#revision.admitState(state)) return;
    this.#team.adopted(state);
    this.#session = state;
    // A full state may come from a restarted server that holds no frame of this seat.
    this.#screens.newRound('both');
    // The full state is enforced as is; a missing lesson is fetched (no command to report on).
    void this.#lesson.show(state.directives.lessonId);
  }

  async #apply(command: LabSeatCommand, ack: (answer: LabSeatCommandAck) => void): Promise<void> {
    const session = this.#session;
    const verdict = session?.view === 'seat' ? this.#revision.admitCommand(command) : 'unknown';
    if (session?.view === 'seat' && (verdict === 'apply' || verdict === 'gap')) {
      this.#session = { ...session, directives: command.directives, revision: command.revision ?? session.revision };
    }
    // A command for a session this PC has not heard of, or after a missed one: fetch the full state.
    if (verdict === 'unknown' || verdict === 'gap') void this.#join();
    const body = command.command;
    // Older than the state held, which already carries its effect (a message is news, not state: still shown).
    if (verdict === 'stale' && body.kind !== 'message') return ack({ ok: true, status: 'applied' });
    if (body.kind === 'message') {
      this.#messages.heard({ commandId: command.commandId, text: body.text, at: new Date().toISOString() });
      return ack({ ok: true, status: 'applied' });
    }
    if (body.kind !== 'pushLesson' || (await this.#lesson.isReady(body.lessonId))) {
      if (body.kind === 'pushLesson') await this.#lesson.show(body.lessonId);
      return ack({ ok: true, status: 'applied' });
    }
    ack({ ok: true });
    const outcome: LessonOutcome = await this.#lesson.show(body.lessonId);
    await this.#report(command.sessionId, command.commandId, outcome);
  }

  /** Tells the server how a command ended on this seat (`lab:commandResult`). */
  #report(sessionId: string, commandId: string, outcome: LessonOutcome): Promise<void> {
    return labCall(this.#socket, 'lab:commandResult', { sessionId, commandId, ...outcome }).then(
      () => undefined,
      (error: unknown) => this.#logError('could not report a lab command', error),
    );
  }

  #addChat(message: LabChatMessage): void {
    const session = this.#session;
    if (!session || session.sessionId !== message.sessionId || session.chat.some((m) => m.id === message.id)) return;
    this.#session = { ...session, chat: [...session.chat, message].slice(-CHAT_KEPT) };
  }

  #clear(): void {
    this.#session = null;
    this.#blocked.clear();
    this.#messages.clear();
    this.#deliveries.clear();
    this.#lesson.clear();
    this.#screens.clear();
    this.#revision.reset();
    this.#team.cleared();
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
