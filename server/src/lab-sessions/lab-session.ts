/**
 * One running lab session in memory: its teachers, every PC of the lab with
 * what it must enforce, who is connected, and the views sent to seats and
 * teachers. The hub persists the parts that must survive a restart
 * (`persisted()`: directives, revisions, unacknowledged teacher messages,
 * co-teaching asks; hands and deliveries in lab-seat-ledger.ts); connections,
 * focus and thumbnails are live-only.
 */
import type {
  LabChatMessage,
  LabJoinAsk,
  LabCommandResult,
  LabPerson,
  LabRunBy,
  LabSeat,
  LabSeatMessage,
  LabSeatState,
  LabTeacherState,
  LabThumbnail,
  SeatDelivery,
  SeatDirectives,
} from '@sinif/shared';
import type { RealtimeSocket } from '../realtime/realtime-server.ts';
import type { CommandBody } from './seat-directives.ts';
import { studentClassesOf } from './student-classes.ts';
import { BlockedSiteTally } from './lab-blocked-sites.ts';

export interface LabSeatRecord {
  deviceId: string;
  seatName: string;
  x: number | null;
  y: number | null;
  appVersion: string | null;
  directives: SeatDirectives;
  handRaised: boolean;
  lastDelivery: SeatDelivery | null;
  /** Kind of the last command, to know whether a re-sent `lab:state` carries it. */
  lastKind: CommandBody['kind'] | null;
  /** Counts what the server imposed on this seat; sent with every state and command (LabSeatState.revision). */
  revision: number;
  /** Teacher messages the seat has not reported applied (seat-messages.ts), oldest first. */
  messages: LabSeatMessage[];
}

/** What is rewritten to `lab_sessions.state` on each change. */
export interface PersistedLabState {
  teachers: LabPerson[];
  allDirectives: SeatDirectives;
  seats: Record<string, SeatDirectives>;
  /** Each seat's revision, stored with its directives so a restart never sends an older number. */
  revisions?: Record<string, number>;
  /** Seats with unacknowledged teacher messages (seat-messages.ts); absent before they were kept. */
  messages?: Record<string, LabSeatMessage[]>;
  /** Open co-teaching asks (lab-crew.ts), oldest first. */
  joinAsks?: LabJoinAsk[];
}

export interface LabSessionInit {
  id: string;
  labId: string;
  labName: string;
  schoolId: string;
  regionId: string;
  classId: string | null;
  startedAt: string;
  startedBy: LabPerson;
}

export const CHAT_HISTORY = 200;

export class LabSession {
  readonly id: string;
  readonly labId: string;
  readonly labName: string;
  readonly schoolId: string;
  readonly regionId: string;
  readonly classId: string | null;
  readonly startedAt: string;
  readonly startedBy: LabPerson;
  readonly teachers = new Map<string, LabPerson>();
  allDirectives: SeatDirectives;
  readonly seats = new Map<string, LabSeatRecord>();
  /** The live socket of each connected seat (the newest, when a PC reconnects before its old socket drops). */
  readonly links = new Map<string, RealtimeSocket>();
  readonly teacherSockets = new Map<string, RealtimeSocket>();
  readonly watchers = new Set<string>();
  /** Last frame of each seat, so a teacher who opens the grid sees every screen without seats resending. */
  readonly frames = new Map<string, LabThumbnail>();
  readonly chat: LabChatMessage[] = [];
  /** Command id → its (eventual) result: the idempotency record, loaded back on restart. */
  readonly commands = new Map<string, Promise<LabCommandResult>>();
  /** Teachers of the school asking to co-teach, by user id (stored with the state). */
  readonly joinAsks = new Map<string, LabJoinAsk>();
  /** Teacher socket id → the seat it has open large (lab-focus.ts). */
  readonly focusBy = new Map<string, string>();
  /** Sites each seat refused under its allowlist (lab-blocked-sites.ts; live only). */
  readonly blockedSites = new BlockedSiteTally();
  ended = false;

  constructor(init: LabSessionInit, allDirectives: SeatDirectives) {
    this.id = init.id;
    this.labId = init.labId;
    this.labName = init.labName;
    this.schoolId = init.schoolId;
    this.regionId = init.regionId;
    this.classId = init.classId;
    this.startedAt = init.startedAt;
    this.startedBy = init.startedBy;
    this.allDirectives = allDirectives;
  }

  get seatsRoom(): string {
    return `lab-seats:${this.id}`;
  }
  get teachersRoom(): string {
    return `lab-teachers:${this.id}`;
  }
  get watchRoom(): string {
    return `lab-watch:${this.id}`;
  }

  isTeacher(userId: string): boolean {
    return this.teachers.has(userId);
  }

  /** The seat this socket speaks for, if it is a connected seat of this session. */
  seatOf(socket: RealtimeSocket): LabSeatRecord | undefined {
    const deviceId = socket.data.deviceId;
    return deviceId && this.links.get(deviceId) === socket ? this.seats.get(deviceId) : undefined;
  }

  addChat(message: LabChatMessage): void {
    this.chat.push(message);
    if (this.chat.length > CHAT_HISTORY) this.chat.splice(0, this.chat.length - CHAT_HISTORY);
  }

  persisted(): PersistedLabState {
    const seats: Record<string, SeatDirectives> = {};
    const revisions: Record<string, number> = {};
    const messages: Record<string, LabSeatMessage[]> = {};
    for (const seat of this.seats.values()) {
      seats[seat.deviceId] = seat.directives;
      revisions[seat.deviceId] = seat.revision;
      if (seat.messages.length > 0) messages[seat.deviceId] = seat.messages;
    }
    return { teachers: [...this.teachers.values()], allDirectives: this.allDirectives, seats, revisions, messages, joinAsks: [...this.joinAsks.values()] };
  }

  runBy(): LabRunBy {
    return { sessionId: this.id, labId: this.labId, labName: this.labName, startedAt: this.startedAt, startedBy: this.startedBy, teachers: [...this.teachers.values()] };
  }

  /** Whether some teacher has this seat's screen open large. */
  isFocused(deviceId: string): boolean {
    for (const focused of this.focusBy.values()) if (focused === deviceId) return true;
    return false;
  }

  seatView(seat: LabSeatRecord): LabSeat {
    const link = this.links.get(seat.deviceId);
    const user = link?.data.user;
    return {
      deviceId: seat.deviceId,
      seatName: seat.seatName,
      x: seat.x,
      y: seat.y,
      online: link !== undefined,
      student: user ? { userId: user.id, displayName: user.displayName } : null,
      handRaised: seat.handRaised,
      appVersion: seat.appVersion,
      directives: seat.directives,
      lastDelivery: seat.lastDelivery,
      studentClassIds: studentClassesOf(link),
      ...this.blockedSites.seatView(seat.deviceId),
    };
  }

  #header() {
    const online = new Set([...this.teacherSockets.values()].map((s) => s.data.user.id));
    return {
      sessionId: this.id,
      labId: this.labId,
      labName: this.labName,
      classId: this.classId,
      startedAt: this.startedAt,
      startedBy: this.startedBy,
      teachers: [...this.teachers.values()].map((t) => ({ ...t, online: online.has(t.userId) })),
    };
  }

  seatState(seat: LabSeatRecord): LabSeatState {
    const visible = this.chat.filter((m) => m.to === 'class' || m.from.deviceId === seat.deviceId || (typeof m.to === 'object' && m.to.deviceId === seat.deviceId));
    return {
      view: 'seat',
      ...this.#header(),
      deviceId: seat.deviceId,
      directives: seat.directives,
      handRaised: seat.handRaised,
      watch: this.watchers.size > 0,
      chat: visible,
      revision: seat.revision,
      focus: this.isFocused(seat.deviceId),
      messages: [...seat.messages],
    };
  }

  teacherState(): LabTeacherState {
    return {
      view: 'teacher',
      ...this.#header(),
      allDirectives: this.allDirectives,
      seats: [...this.seats.values()].map((seat) => this.seatView(seat)),
      watching: this.watchers.size > 0,
      chat: [...this.chat],
      joinAsks: [...this.joinAsks.values()],
    };
  }
}
