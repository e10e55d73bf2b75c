/**
 * Every running lab session of this server: starting (serialised per lab),
 * joining, ending, co-teachers, and which sockets are seats or teachers. The
 * hub is the authority: it restores active sessions from the store on start
 * and sends each PC its full `lab:state` whenever it (re)connects, so neither
 * a network blip, a PC reboot nor a server restart lets a seat slip out of a
 * lock. Commands and classroom talk live in lab-commands.ts / lab-talk.ts.
 *
 * One process holds a session; several server nodes would need the session
 * pinned to one node (or its state moved to a shared store).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { ErrorCode, type LabEndResult, type LabPerson, type LabState, type LabTeacherState, type ScopeTarget, type SeatPosition, isPermitted } from '@sinif/shared';
import type { StoreDb } from '../db/store.ts';
import { ApiError, forbidden, notFound } from '../http/api-error.ts';
import { loadGrants } from '../auth/grants.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { userRoom, type RealtimeServer, type RealtimeSocket } from '../realtime/realtime-server.ts';
import { KeyedQueue } from './lab-queue.ts';
import { LabSession, type LabSeatRecord } from './lab-session.ts';
import { insertSession, loadActiveSessions, loadLabFacts, loadLabSeats, loadSeat, markEnded, saveState, seatRecord, type SeatFacts } from './lab-session-records.ts';
import { emptyDirectives } from './seat-directives.ts';
import { TeacherFeed } from './teacher-feed.ts';
import { focusSeat } from './lab-focus.ts';
import { SeatLedger, restoreSeatLedger } from './lab-seat-ledger.ts';
import { loadStudentClasses, reloadStudentClasses } from './student-classes.ts';
import { restoreSeatMessages } from './seat-messages.ts';
import { restoreJoinAsks } from './lab-crew.ts';

export interface LabSessionOptions {
  /** With no teacher socket for this long, the session ends and every PC returns to normal. */
  teacherAbsenceMs: number;
  /** A seat that has not acked a command by then is reported `failed` (NO_ACK). */
  seatAckTimeoutMs: number;
}
export const defaultLabSessionOptions = (): LabSessionOptions => ({ teacherAbsenceMs: 10 * 60_000, seatAckTimeoutMs: 10_000 });

type EndReason = 'ended' | 'teacherAbsent';

export class LabSessionHub {
  readonly io: RealtimeServer;
  readonly db: StoreDb;
  readonly log: FastifyBaseLogger;
  readonly feed: TeacherFeed;
  /** Hands and per-seat delivery, stored so a restart keeps the teacher's seat map. */
  readonly ledger: SeatLedger;
  /** Mutable on purpose: operators (and tests) may shorten the absence timeout of a running server. */
  readonly options: LabSessionOptions;
  /** Settles once active sessions are restored from the store; every entry point waits for it. */
  readonly ready: Promise<void>;
  readonly #byId = new Map<string, LabSession>();
  readonly #byLab = new Map<string, LabSession>();
  /** Connected PCs per lab, to pull them into a session the moment it starts. */
  readonly #labDevices = new Map<string, Map<string, RealtimeSocket>>();
  readonly #teacherOf = new Map<string, Set<LabSession>>();
  readonly #absence = new Map<string, NodeJS.Timeout>();
  readonly #queue = new KeyedQueue();
  readonly #writes = new Set<Promise<unknown>>();
  /** Each PC socket's arrival (its lab looked up): a `lab:join` sent at once waits for it. */
  readonly #arrivals = new WeakMap<RealtimeSocket, Promise<void>>();
  #closed = false;

  constructor(io: RealtimeServer, db: StoreDb, log: FastifyBaseLogger, options: Partial<LabSessionOptions> = {}) {
    this.io = io;
    this.db = db;
    this.log = log;
    this.feed = new TeacherFeed(io);
    this.ledger = new SeatLedger(db, (write) => this.track(write), (error) => log.error({ err: error }, 'could not store lab seat hands and deliveries'));
    this.options = { ...defaultLabSessionOptions(), ...options };
    this.ready = this.#restore();
    this.ready.catch((error: unknown) => log.error({ err: error }, 'could not restore lab sessions'));
  }

  session(sessionId: string): LabSession {
    const session = this.#byId.get(sessionId);
    if (!session) throw notFound(`No active lab session ${sessionId}.`);
    return session;
  }

  sessionTarget(sessionId: string): ScopeTarget {
    const session = this.session(sessionId);
    return { regionId: session.regionId, schoolId: session.schoolId };
  }

  async labTarget(labId: string): Promise<ScopeTarget> {
    const lab = await loadLabFacts(this.db, labId);
    if (!lab) throw notFound(`No lab ${labId}.`);
    return { regionId: lab.regionId, schoolId: lab.schoolId };
  }

  requireTeacher(session: LabSession, user: SessionUser): void {
    if (!session.isTeacher(user.id)) throw new ApiError(403, ErrorCode.forbidden, 'Only the teachers of this lab session may do this.', undefined, session.runBy());
  }

  /** Keeps a store write in flight known, so close() waits for it before the store closes. */
  track<T>(write: Promise<T>): Promise<T> {
    this.#writes.add(write);
    void write.finally(() => this.#writes.delete(write)).catch(() => undefined);
    return write;
  }

  socketConnected(socket: RealtimeSocket): Promise<void> {
    const arrival = this.#arrive(socket);
    this.#arrivals.set(socket, arrival);
    return arrival;
  }

  async #arrive(socket: RealtimeSocket): Promise<void> {
    await this.ready;
    const deviceId = socket.data.deviceId;
    if (!deviceId) return;
    const facts = await loadSeat(this.db, deviceId);
    if (!facts || !socket.connected) return;
    await loadStudentClasses(this.db, socket);
    if (!socket.connected) return;
    socket.data.labId = facts.labId;
    let devices = this.#labDevices.get(facts.labId);
    if (!devices) this.#labDevices.set(facts.labId, (devices = new Map()));
    devices.set(socket.id, socket);
    const session = this.#byLab.get(facts.labId);
    if (session && !session.isTeacher(socket.data.user.id)) this.#attachSeat(session, socket, facts);
  }

  socketGone(socket: RealtimeSocket): void {
    if (this.#closed) return; // shutting down: the sessions stay as stored, to resume after the restart
    const { deviceId, labId } = socket.data;
    if (labId) this.#labDevices.get(labId)?.delete(socket.id);
    const session = labId ? this.#byLab.get(labId) : undefined;
    if (session && deviceId && session.links.get(deviceId) === socket) {
      session.links.delete(deviceId);
      this.feed.seatChanged(session, deviceId);
    }
    for (const taught of this.#teacherOf.get(socket.id) ?? []) {
      taught.teacherSockets.delete(socket.id);
      this.setWatching(taught, socket, false);
      this.#checkAbsence(taught);
    }
    this.#teacherOf.delete(socket.id);
  }

  start(user: SessionUser, socket: RealtimeSocket, labId: string, classId: string | null): Promise<LabTeacherState> {
    return this.#queue.run(labId, async () => {
      await this.ready;
      const running = this.#byLab.get(labId);
      if (running) {
        if (!running.isTeacher(user.id)) throw new ApiError(409, ErrorCode.conflict, `${running.startedBy.displayName} is running this lab; ask to be invited as co-teacher.`, undefined, running.runBy());
        this.#attachTeacher(running, socket);
        return running.teacherState();
      }
      const lab = await loadLabFacts(this.db, labId);
      if (!lab) throw notFound(`No lab ${labId}.`);
      if (classId !== null) {
        const schoolClass = await this.db.selectFrom('classes').select('id').where('id', '=', classId).where('school_id', '=', lab.schoolId).executeTakeFirst();
        if (!schoolClass) throw notFound(`No class ${classId} in this school.`);
      }
      const person: LabPerson = { userId: user.id, displayName: user.displayName };
      const session = new LabSession({ id: randomUUID(), ...lab, classId, startedAt: new Date().toISOString(), startedBy: person }, emptyDirectives());
      session.teachers.set(user.id, person);
      for (const facts of await loadLabSeats(this.db, labId)) session.seats.set(facts.deviceId, seatRecord(facts));
      if (!(await this.track(insertSession(this.db, session)))) throw new ApiError(409, ErrorCode.conflict, 'This lab already has an active session.');
      this.#register(session);
      this.#attachTeacher(session, socket);
      for (const device of this.#labDevices.get(labId)?.values() ?? []) {
        if (!session.isTeacher(device.data.user.id)) this.#attachSeat(session, device);
      }
      this.log.info({ sessionId: session.id, labId, userId: user.id }, 'lab session started');
      return session.teacherState();
    });
  }

  async join(user: SessionUser, socket: RealtimeSocket, labId: string): Promise<LabState | null> {
    await this.ready;
    if (socket.data.deviceId) await this.#arrivals.get(socket)?.catch(() => undefined);
    const session = this.#byLab.get(labId);
    if (session?.isTeacher(user.id)) {
      this.#attachTeacher(session, socket);
      return session.teacherState();
    }
    if (socket.data.deviceId) {
      if (socket.data.labId !== labId) throw forbidden('This PC is not enrolled in that lab.');
      if (!session) return null;
      return session.seatState(this.#attachSeat(session, socket));
    }
    if (session) throw new ApiError(403, ErrorCode.forbidden, `${session.startedBy.displayName} is running this lab; ask to be invited as co-teacher.`, undefined, session.runBy());
    return null;
  }

  async end(user: SessionUser, sessionId: string): Promise<LabEndResult> {
    const session = this.session(sessionId);
    this.requireTeacher(session, user);
    return { ended: await this.#end(session, 'ended') };
  }

  async invite(user: SessionUser, sessionId: string, userId: string): Promise<LabTeacherState> {
    const session = this.session(sessionId);
    this.requireTeacher(session, user);
    const invitee = await this.db.selectFrom('users').select(['id', 'display_name']).where('id', '=', userId).where('disabled_at', 'is', null).executeTakeFirst();
    if (!invitee) throw notFound(`No user ${userId}.`);
    const target = { regionId: session.regionId, schoolId: session.schoolId };
    if (!isPermitted(await loadGrants(this.db, userId), 'labSession.run', target)) {
      throw new ApiError(409, ErrorCode.conflict, `${invitee.display_name} may not teach lab sessions in this school.`);
    }
    if (!session.isTeacher(userId)) {
      session.teachers.set(userId, { userId, displayName: invitee.display_name });
      // The ask closes in the same write that makes the asker a teacher.
      session.joinAsks.delete(userId);
      await this.track(saveState(this.db, session));
      this.io.to(userRoom(userId)).emit('lab:invited', { sessionId, labId: session.labId, labName: session.labName, by: { userId: user.id, displayName: user.displayName } });
      this.io.to(session.teachersRoom).emit('lab:state', session.teacherState());
    }
    return session.teacherState();
  }

  /** Starts or stops thumbnails: seats send frames only while some teacher watches the grid. */
  setWatching(session: LabSession, socket: RealtimeSocket, on: boolean): void {
    const before = session.watchers.size;
    if (on) {
      session.watchers.add(socket.id);
      void socket.join(session.watchRoom);
      for (const frame of session.frames.values()) socket.emit('lab:thumbnail', frame);
    } else {
      session.watchers.delete(socket.id);
      void socket.leave(session.watchRoom);
      // A screen opened large is part of the grid: leaving the grid closes it.
      focusSeat(session, socket, null);
    }
    const after = session.watchers.size;
    if ((before === 0) !== (after === 0)) this.io.to(session.seatsRoom).emit('lab:watch', { sessionId: session.id, on: after > 0 });
  }

  layoutChanged(labId: string, positions: readonly SeatPosition[]): void {
    const session = this.#byLab.get(labId);
    if (!session) return;
    for (const { deviceId, x, y } of positions) {
      const seat = session.seats.get(deviceId);
      if (!seat) continue;
      seat.x = x;
      seat.y = y;
      this.feed.seatChanged(session, deviceId);
    }
  }

  /** IT changed these students' classes: their connected PCs read them again, and the seat maps show it. */
  async classesChanged(userIds: readonly string[]): Promise<void> {
    const changed = new Set(userIds);
    const sockets = [...this.#labDevices.values()].flatMap((devices) => [...devices.values()].filter((socket) => changed.has(socket.data.user.id)));
    await reloadStudentClasses(this.db, sockets);
    for (const socket of sockets) {
      const session = socket.data.labId ? this.#byLab.get(socket.data.labId) : undefined;
      const deviceId = socket.data.deviceId;
      if (session && deviceId && session.links.get(deviceId) === socket) this.feed.seatChanged(session, deviceId);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#absence.values()) clearTimeout(timer);
    this.#absence.clear();
    await this.ledger.flush();
    await Promise.allSettled([...this.#writes]);
  }

  #register(session: LabSession): void {
    this.#byId.set(session.id, session);
    this.#byLab.set(session.labId, session);
  }

  #attachTeacher(session: LabSession, socket: RealtimeSocket): void {
    const deviceId = socket.data.deviceId;
    if (deviceId && session.links.get(deviceId) === socket) {
      // A PC that was a seat (its person invited as co-teacher since) stops being one: nothing locks a teacher.
      session.links.delete(deviceId);
      void socket.leave(session.seatsRoom);
      this.feed.seatChanged(session, deviceId);
    }
    session.teacherSockets.set(socket.id, socket);
    void socket.join(session.teachersRoom);
    let taught = this.#teacherOf.get(socket.id);
    if (!taught) this.#teacherOf.set(socket.id, (taught = new Set()));
    taught.add(session);
    this.#checkAbsence(session);
  }

  #attachSeat(session: LabSession, socket: RealtimeSocket, facts?: SeatFacts): LabSeatRecord {
    const deviceId = socket.data.deviceId as string;
    let seat = session.seats.get(deviceId);
    if (!seat) {
      // A PC enrolled after the session started begins from what "all" last set.
      seat = seatRecord(facts ?? { deviceId, labId: session.labId, seatName: deviceId, x: null, y: null, appVersion: null }, session.allDirectives);
      session.seats.set(deviceId, seat);
    } else if (facts) {
      seat.appVersion = facts.appVersion;
    }
    session.links.set(deviceId, socket);
    void socket.join(session.seatsRoom);
    const last = seat.lastDelivery;
    if (last && (last.status === 'sent' || last.status === 'offline') && seat.lastKind !== 'message') {
      // The full state below carries that command's effect: for the teacher it has now arrived.
      seat.lastDelivery = { ...last, status: 'delivered', reason: 'STATE_RESENT' };
      this.feed.delivery(session, seat.lastDelivery);
      this.ledger.changed(session, deviceId);
    }
    socket.emit('lab:state', session.seatState(seat));
    this.feed.seatChanged(session, deviceId);
    return seat;
  }

  #checkAbsence(session: LabSession): void {
    const timer = this.#absence.get(session.id);
    if (session.teacherSockets.size > 0 || session.ended) {
      if (timer) clearTimeout(timer);
      this.#absence.delete(session.id);
      return;
    }
    if (timer || this.#closed) return;
    const absent = setTimeout(() => {
      this.#absence.delete(session.id);
      this.#end(session, 'teacherAbsent').catch((error: unknown) => this.log.error({ err: error, sessionId: session.id }, 'could not end an abandoned lab session'));
    }, this.options.teacherAbsenceMs);
    absent.unref();
    this.#absence.set(session.id, absent);
  }

  #end(session: LabSession, reason: EndReason): Promise<boolean> {
    return this.#queue.run(session.labId, async () => {
      if (session.ended) return false;
      await this.track(markEnded(this.db, session.id, reason));
      session.ended = true;
      await this.ledger.forget(session);
      this.feed.flush();
      this.#byId.delete(session.id);
      if (this.#byLab.get(session.labId) === session) this.#byLab.delete(session.labId);
      this.#checkAbsence(session);
      const rooms = [session.seatsRoom, session.teachersRoom, session.watchRoom];
      this.io.to(rooms).emit('lab:ended', { sessionId: session.id, reason });
      this.io.in(rooms).socketsLeave(rooms);
      for (const socket of session.teacherSockets.values()) this.#teacherOf.get(socket.id)?.delete(session);
      this.log.info({ sessionId: session.id, reason }, 'lab session ended');
      return true;
    });
  }

  async #restore(): Promise<void> {
    for (const stored of await loadActiveSessions(this.db)) {
      const session = new LabSession(stored.init, stored.state.allDirectives);
      for (const teacher of stored.state.teachers) session.teachers.set(teacher.userId, teacher);
      for (const facts of await loadLabSeats(this.db, session.labId)) {
        const revision = stored.state.revisions?.[facts.deviceId] ?? 0;
        session.seats.set(facts.deviceId, seatRecord(facts, stored.state.seats[facts.deviceId] ?? session.allDirectives, revision));
      }
      await restoreSeatLedger(this.db, session);
      restoreSeatMessages(session, stored.state);
      restoreJoinAsks(session, stored.state);
      for (const { id, result } of stored.commands) session.commands.set(id, Promise.resolve(result));
      for (const message of stored.chat) session.addChat(message);
      this.#register(session);
      // No teacher is connected yet: the absence clock starts from the restart.
      this.#checkAbsence(session);
    }
  }
}
