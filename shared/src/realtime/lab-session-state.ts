/**
 * What the server tells lab-session clients: the state a seat must enforce,
 * the seat map a teacher sees, and per-seat delivery of commands. The server
 * holds this state; clients re-apply whatever `lab:state` says after any
 * reconnect (network blip, PC reboot, server restart).
 */
import { Type, type Static } from 'typebox';
import { LabJoinAsk } from './lab-session-crew.ts';
import { LabBlockedSite } from './lab-blocked-site.ts';

/** A screen lock; `eyesOnTeacher` is the same lock shown as "look at the teacher". */
export const LabLock = Type.Object({
  mode: Type.Union([Type.Literal('lock'), Type.Literal('eyesOnTeacher')]),
  message: Type.Union([Type.String(), Type.Null()]),
});
export type LabLock = Static<typeof LabLock>;

/** What one seat must enforce right now. `allowlist: null` means no site restriction. */
export const SeatDirectives = Type.Object({
  lock: Type.Union([LabLock, Type.Null()]),
  lessonId: Type.Union([Type.String(), Type.Null()]),
  siteUrl: Type.Union([Type.String(), Type.Null()]),
  allowlist: Type.Union([Type.Array(Type.String()), Type.Null()]),
});
export type SeatDirectives = Static<typeof SeatDirectives>;

/**
 * Delivery of one command to one seat, in order of progress:
 * `sent` (emitted, no ack yet), `delivered` (the seat acked receipt),
 * `applied` / `failed` (the seat reported; `reason` says why it failed),
 * `offline` (the seat had no connection; it gets the state when it returns).
 */
export const DeliveryStatus = Type.Union([
  Type.Literal('sent'),
  Type.Literal('delivered'),
  Type.Literal('applied'),
  Type.Literal('failed'),
  Type.Literal('offline'),
]);
export type DeliveryStatus = Static<typeof DeliveryStatus>;

export const SeatDelivery = Type.Object({
  deviceId: Type.String(),
  commandId: Type.String(),
  status: DeliveryStatus,
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type SeatDelivery = Static<typeof SeatDelivery>;

export const LabPerson = Type.Object({ userId: Type.String(), displayName: Type.String() });
export type LabPerson = Static<typeof LabPerson>;

export const LabTeacher = Type.Object({ userId: Type.String(), displayName: Type.String(), online: Type.Boolean() });
export type LabTeacher = Static<typeof LabTeacher>;

/** One PC of the lab on the teacher's seat map. */
export const LabSeat = Type.Object({
  deviceId: Type.String(),
  seatName: Type.String(),
  /** Layout set by IT staff (PATCH /api/v1/admin/labs/:labId/layout); null until placed. */
  x: Type.Union([Type.Number(), Type.Null()]),
  y: Type.Union([Type.Number(), Type.Null()]),
  online: Type.Boolean(),
  /** Who is signed in on the PC (null when offline). */
  student: Type.Union([LabPerson, Type.Null()]),
  handRaised: Type.Boolean(),
  appVersion: Type.Union([Type.String(), Type.Null()]),
  directives: SeatDirectives,
  lastDelivery: Type.Union([SeatDelivery, Type.Null()]),
  /** Sites this seat refused under the allowlist in this session (`lab:blockedSite`), and the last one. */
  blockedSites: Type.Optional(Type.Integer({ minimum: 0 })),
  lastBlockedSite: Type.Optional(Type.Union([LabBlockedSite, Type.Null()])),
  /** Classes the signed-in student belongs to (as a student), for selecting seats by class. */
  studentClassIds: Type.Optional(Type.Array(Type.String())),
});
export type LabSeat = Static<typeof LabSeat>;

/** Chat: to the whole class, to the session's teachers only, or between the teachers and one seat. */
export const ChatAddress = Type.Union([
  Type.Literal('class'),
  Type.Literal('teachers'),
  Type.Object({ deviceId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
]);
export type ChatAddress = Static<typeof ChatAddress>;

export const LabChatMessage = Type.Object({
  id: Type.String(),
  sessionId: Type.String(),
  at: Type.String(),
  from: Type.Object({ userId: Type.String(), displayName: Type.String(), deviceId: Type.Union([Type.String(), Type.Null()]) }),
  to: ChatAddress,
  text: Type.String(),
});
export type LabChatMessage = Static<typeof LabChatMessage>;

/**
 * A teacher's `message` command a seat has not acknowledged yet (it was
 * offline, or rebooted before it could report the message applied). Kept per
 * seat with the session's state, so a restart keeps it too, and sent again in
 * every `lab:state` until the seat reports it applied (`lab:commandResult`).
 * Only the newest SEAT_MESSAGES_KEPT stay: a student back after a reboot needs
 * "open page 12", not every word of the lesson.
 */
export const LabSeatMessage = Type.Object({ commandId: Type.String(), text: Type.String(), at: Type.String() });
export type LabSeatMessage = Static<typeof LabSeatMessage>;
export const SEAT_MESSAGES_KEPT = 3;

const sessionHeader = {
  sessionId: Type.String(),
  labId: Type.String(),
  labName: Type.String(),
  classId: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.String(),
  startedBy: LabPerson,
  teachers: Type.Array(LabTeacher),
};

/** `lab:state` to a seat: everything it must enforce, sent on join and on every reconnect. */
export const LabSeatState = Type.Object({
  view: Type.Literal('seat'),
  ...sessionHeader,
  deviceId: Type.String(),
  directives: SeatDirectives,
  handRaised: Type.Boolean(),
  /** True while a teacher watches the thumbnail grid: send frames (only when the screen changed). */
  watch: Type.Boolean(),
  chat: Type.Array(LabChatMessage),
  /**
   * Counts what the server imposed on this seat (directives, a hand lowered by
   * the teacher), per seat and session, never going back (kept across restarts).
   * A seat ignores a state or command older than what it holds.
   */
  revision: Type.Optional(Type.Integer({ minimum: 0 })),
  /** True while a teacher has this seat's screen open large: also send focus frames (lab-session-focus.ts). */
  focus: Type.Optional(Type.Boolean()),
  /** The teacher's messages this seat has not reported applied, oldest first (LabSeatMessage): show each once, then report it. */
  messages: Type.Optional(Type.Array(LabSeatMessage)),
});
export type LabSeatState = Static<typeof LabSeatState>;

/** `lab:state` to a teacher: the whole seat map. */
export const LabTeacherState = Type.Object({
  view: Type.Literal('teacher'),
  ...sessionHeader,
  /** What `targets: 'all'` last set; a PC that joins the lab later starts from it. */
  allDirectives: SeatDirectives,
  seats: Type.Array(LabSeat),
  watching: Type.Boolean(),
  chat: Type.Array(LabChatMessage),
  /** Teachers of the school asking to co-teach (lab-session-crew.ts), oldest first. */
  joinAsks: Type.Optional(Type.Array(LabJoinAsk)),
});
export type LabTeacherState = Static<typeof LabTeacherState>;

export const LabState = Type.Union([LabSeatState, LabTeacherState]);
export type LabState = Static<typeof LabState>;

/** `lab:delivery` to teachers: progress of one command, batched per seat. */
export const LabDelivery = Type.Object({ sessionId: Type.String(), commandId: Type.String(), seats: Type.Array(SeatDelivery) });
export type LabDelivery = Static<typeof LabDelivery>;

/** `lab:seat` to teachers: seats whose map entry changed (online, student, hand, directives). */
export const LabSeatUpdate = Type.Object({ sessionId: Type.String(), seats: Type.Array(LabSeat) });
export type LabSeatUpdate = Static<typeof LabSeatUpdate>;

/** `lab:watch` to seats: start (on) or stop sending thumbnail frames. */
export const LabWatchNotice = Type.Object({ sessionId: Type.String(), on: Type.Boolean() });
export type LabWatchNotice = Static<typeof LabWatchNotice>;

/** `lab:ended` to everyone in the session: return the PC to normal. */
export const LabEnded = Type.Object({
  sessionId: Type.String(),
  reason: Type.Union([Type.Literal('ended'), Type.Literal('teacherAbsent')]),
});
export type LabEnded = Static<typeof LabEnded>;

/** `lab:invited` to a teacher's own sockets: join with `lab:join { labId }`. */
export const LabInvited = Type.Object({ sessionId: Type.String(), labId: Type.String(), labName: Type.String(), by: LabPerson });
export type LabInvited = Static<typeof LabInvited>;

/** Error details of CONFLICT on `lab:start` and FORBIDDEN on `lab:join`: who runs the lab now. */
export const LabRunBy = Type.Object({
  sessionId: Type.String(),
  labId: Type.String(),
  startedBy: LabPerson,
  teachers: Type.Array(LabPerson),
  /** When the session started. */
  startedAt: Type.Optional(Type.String()),
  /** The lab's name, to show who runs which room. */
  labName: Type.Optional(Type.String()),
});
export type LabRunBy = Static<typeof LabRunBy>;
