/**
 * The lab-session socket protocol. Client → server events carry one payload
 * and an ack (`SocketAck`); the server validates every payload against these
 * schemas (INVALID_PAYLOAD), rate-limits each socket per event class
 * (TOO_MANY_REQUESTS) and checks the permission matrix and session
 * membership (FORBIDDEN, audited).
 *
 * Commands carry a client-made UUID: sending the same id again applies
 * nothing new and answers the same result, so a teacher PC may retry freely.
 */
import { Type, type Static, type TObject, type TProperties } from 'typebox';
import { EntityId } from '../rest/ids.ts';
import type { SocketAck } from './session-events.ts';
import type { LabBlockedSiteAck, LabBlockedSiteReport } from './lab-blocked-site.ts';
import type { LabAskToJoinRequest, LabAskToJoinResult, LabCoTeacherList, LabCoTeachersRequest, LabJoinAsks } from './lab-session-crew.ts';
import type { LabFocusFrameRequest, LabFocusNotice, LabFocusRequest } from './lab-session-focus.ts';
import {
  ChatAddress,
  type LabChatMessage,
  type LabDelivery,
  type LabEnded,
  type LabInvited,
  type LabSeatUpdate,
  type LabState,
  type LabTeacherState,
  type LabWatchNotice,
  SeatDirectives,
} from './lab-session-state.ts';

const closed = { additionalProperties: false } as const;
export const CommandId = Type.String({ format: 'uuid' });
/** `all`: every PC of the lab; or chosen PCs by device id. */
export const LabTargets = Type.Union([Type.Literal('all'), Type.Array(EntityId, { minItems: 1, maxItems: 200, uniqueItems: true })]);
export type LabTargets = Static<typeof LabTargets>;
const LockMessage = Type.Union([Type.String({ maxLength: 500 }), Type.Null()]);
export const Hostname = Type.String({ minLength: 1, maxLength: 253, pattern: '^(\\*\\.)?[a-z0-9-]+(\\.[a-z0-9-]+)*$' });
export const SiteUrl = Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://[^\\s/]+' });

/** Each kind of command and what it carries. */
const LockBody = Type.Object({ kind: Type.Literal('lock'), message: Type.Optional(LockMessage) });
const UnlockBody = Type.Object({ kind: Type.Literal('unlock') });
const EyesOnTeacherBody = Type.Object({ kind: Type.Literal('eyesOnTeacher'), message: Type.Optional(LockMessage) });
/** `null` closes the pushed lesson. */
const PushLessonBody = Type.Object({ kind: Type.Literal('pushLesson'), lessonId: Type.Union([EntityId, Type.Null()]) });
/** `null` closes the pushed site. Its host joins the allowlist when one is set. */
const PushSiteBody = Type.Object({ kind: Type.Literal('pushSite'), url: Type.Union([SiteUrl, Type.Null()]) });
/** `null` lifts the restriction. */
const SetAllowlistBody = Type.Object({ kind: Type.Literal('setAllowlist'), hostnames: Type.Union([Type.Array(Hostname, { maxItems: 100 }), Type.Null()]) });
const MessageBody = Type.Object({ kind: Type.Literal('message'), text: Type.String({ minLength: 1, maxLength: 1000 }) });

/** Adds `common` fields to a command body, closed to anything else. */
function closedWith<C extends TProperties, B extends TProperties>(common: C, body: TObject<B>) {
  return Type.Object({ ...common, ...body.properties } as C & B, closed);
}
function commandUnion<C extends TProperties>(common: C) {
  return Type.Union([
    closedWith(common, LockBody),
    closedWith(common, UnlockBody),
    closedWith(common, EyesOnTeacherBody),
    closedWith(common, PushLessonBody),
    closedWith(common, PushSiteBody),
    closedWith(common, SetAllowlistBody),
    closedWith(common, MessageBody),
  ]);
}

/** A command as a seat receives it: the kind and its fields. */
export const LabCommandBody = commandUnion({});
export type LabCommandBody = Static<typeof LabCommandBody>;
export type LabCommandKind = LabCommandBody['kind'];
export const labCommandKinds: readonly LabCommandKind[] = ['lock', 'unlock', 'eyesOnTeacher', 'pushLesson', 'pushSite', 'setAllowlist', 'message'];

/** `lab:command` client → server (teachers only). Ack: `LabCommandResult`. */
export const LabCommandRequest = commandUnion({ sessionId: EntityId, id: CommandId, targets: LabTargets });
export type LabCommandRequest = Static<typeof LabCommandRequest>;
export const LabCommandResult = Type.Object({
  commandId: Type.String(),
  kind: Type.String(),
  /** The seats the command was sent to; per-seat progress follows as `lab:delivery`. */
  targets: Type.Array(Type.String()),
});
export type LabCommandResult = Static<typeof LabCommandResult>;

/**
 * `lab:command` server → seat, with an ack: `{ ok: true }` on receipt, then
 * `lab:commandResult` once applied; or, when the seat already knows the
 * outcome on receipt, `{ ok: true, status, reason? }` in the ack itself (one
 * packet instead of three). `directives` is the seat's whole
 * state after the command: enforcing it is always correct, even out of order.
 */
export const LabSeatCommand = Type.Object({
  sessionId: Type.String(),
  commandId: Type.String(),
  command: LabCommandBody,
  directives: SeatDirectives,
  /** The seat's revision after this command (see LabSeatState.revision); one more than the one before it. */
  revision: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type LabSeatCommand = Static<typeof LabSeatCommand>;
export const LabSeatCommandAck = Type.Object({
  ok: Type.Literal(true),
  status: Type.Optional(Type.Union([Type.Literal('applied'), Type.Literal('failed')])),
  reason: Type.Optional(Type.String({ maxLength: 300 })),
});
export type LabSeatCommandAck = Static<typeof LabSeatCommandAck>;

export const LabStartRequest = Type.Object({ labId: EntityId, classId: Type.Optional(Type.Union([EntityId, Type.Null()])) }, closed);
export type LabStartRequest = Static<typeof LabStartRequest>;
export const LabSessionRef = Type.Object({ sessionId: EntityId }, closed);
export type LabSessionRef = Static<typeof LabSessionRef>;
/** A seat joins its own lab's session; a teacher joins a session they run or were invited to. */
export const LabJoinRequest = Type.Object({ labId: EntityId }, closed);
export type LabJoinRequest = Static<typeof LabJoinRequest>;
export const LabInviteRequest = Type.Object({ sessionId: EntityId, userId: EntityId }, closed);
export type LabInviteRequest = Static<typeof LabInviteRequest>;
/** From a seat: its own hand. From a teacher: lower (or raise) a seat's hand by `deviceId`. */
export const LabHandRequest = Type.Object({ sessionId: EntityId, raised: Type.Boolean(), deviceId: Type.Optional(EntityId) }, closed);
export type LabHandRequest = Static<typeof LabHandRequest>;
export const LabChatRequest = Type.Object({ sessionId: EntityId, to: ChatAddress, text: Type.String({ minLength: 1, maxLength: 2000 }) }, closed);
export type LabChatRequest = Static<typeof LabChatRequest>;
/**
 * Ack of `lab:hand`. A seat's own hand change is a step of its revision too
 * (a state sent before it, such as a join answer on reconnect, must not put the
 * hand back): `revision` is the seat's revision after it, absent when nothing
 * changed or a teacher moved the hand (the seat then gets a full `lab:state`).
 */
export const LabHandResult = Type.Object({ revision: Type.Optional(Type.Integer({ minimum: 1 })) });
export type LabHandResult = Static<typeof LabHandResult>;
export const LabWatchRequest = Type.Object({ sessionId: EntityId, on: Type.Boolean() }, closed);
export type LabWatchRequest = Static<typeof LabWatchRequest>;
export const LabCommandReport = Type.Object(
  {
    sessionId: EntityId,
    commandId: CommandId,
    status: Type.Union([Type.Literal('applied'), Type.Literal('failed')]),
    reason: Type.Optional(Type.String({ maxLength: 300 })),
  },
  closed,
);
export type LabCommandReport = Static<typeof LabCommandReport>;

export const THUMBNAIL_MAX_BYTES = 64 * 1024;
/** Compressed image bytes (socket.io sends them as a binary attachment). */
export const ThumbnailFrame = Type.Refine(
  Type.Unsafe<Uint8Array>({}),
  (value) => value instanceof Uint8Array && value.byteLength > 0 && value.byteLength <= THUMBNAIL_MAX_BYTES,
  () => `must be image bytes, 1 to ${THUMBNAIL_MAX_BYTES} bytes`,
);
export const ThumbnailMime = Type.Union([Type.Literal('image/webp'), Type.Literal('image/jpeg')]);
/** Sent by a seat only while `watch` is on, and only when its screen changed. */
export const LabThumbnailRequest = Type.Object(
  {
    sessionId: EntityId,
    mime: ThumbnailMime,
    width: Type.Integer({ minimum: 1, maximum: 640 }),
    height: Type.Integer({ minimum: 1, maximum: 480 }),
    frame: ThumbnailFrame,
  },
  closed,
);
export type LabThumbnailRequest = Static<typeof LabThumbnailRequest>;
export const LabThumbnailAck = Type.Object({ relayed: Type.Boolean() });
export type LabThumbnailAck = Static<typeof LabThumbnailAck>;
/** `lab:thumbnail` server → watching teachers. */
export interface LabThumbnail {
  sessionId: string;
  deviceId: string;
  mime: Static<typeof ThumbnailMime>;
  width: number;
  height: number;
  at: string;
  frame: Uint8Array;
}

export const LabEndResult = Type.Object({ ended: Type.Boolean() });
export type LabEndResult = Static<typeof LabEndResult>;
export const LabDone = Type.Object({});
export type LabDone = Static<typeof LabDone>;

type Ack<T> = (answer: SocketAck<T>) => void;
export interface LabClientEvents {
  'lab:start': (payload: LabStartRequest, ack: Ack<LabTeacherState>) => void;
  'lab:end': (payload: LabSessionRef, ack: Ack<LabEndResult>) => void;
  /** Ack: the caller's view, or null when the lab has no active session (a seat then waits for `lab:state`). */
  'lab:join': (payload: LabJoinRequest, ack: Ack<LabState | null>) => void;
  'lab:invite': (payload: LabInviteRequest, ack: Ack<LabTeacherState>) => void;
  'lab:command': (payload: LabCommandRequest, ack: Ack<LabCommandResult>) => void;
  'lab:commandResult': (payload: LabCommandReport, ack: Ack<LabDone>) => void;
  'lab:hand': (payload: LabHandRequest, ack: Ack<LabHandResult>) => void;
  'lab:chat': (payload: LabChatRequest, ack: Ack<LabChatMessage>) => void;
  'lab:watch': (payload: LabWatchRequest, ack: Ack<LabDone>) => void;
  'lab:thumbnail': (payload: LabThumbnailRequest, ack: Ack<LabThumbnailAck>) => void;
  /** Seat: it refused a site its allowlist does not hold (lab-blocked-site.ts). */
  'lab:blockedSite': (payload: LabBlockedSiteReport, ack: Ack<LabBlockedSiteAck>) => void;
  'lab:askToJoin': (payload: LabAskToJoinRequest, ack: Ack<LabAskToJoinResult>) => void;
  'lab:coTeachers': (payload: LabCoTeachersRequest, ack: Ack<LabCoTeacherList>) => void;
  'lab:focus': (payload: LabFocusRequest, ack: Ack<LabDone>) => void;
  'lab:focusFrame': (payload: LabFocusFrameRequest, ack: Ack<LabThumbnailAck>) => void;
}
export interface LabServerEvents {
  'lab:state': (payload: LabState) => void;
  'lab:command': (payload: LabSeatCommand, ack: (answer: LabSeatCommandAck) => void) => void;
  'lab:delivery': (payload: LabDelivery) => void;
  'lab:seat': (payload: LabSeatUpdate) => void;
  'lab:chat': (payload: LabChatMessage) => void;
  'lab:watch': (payload: LabWatchNotice) => void;
  'lab:thumbnail': (payload: LabThumbnail) => void;
  'lab:ended': (payload: LabEnded) => void;
  'lab:invited': (payload: LabInvited) => void;
  'lab:joinAsks': (payload: LabJoinAsks) => void;
  'lab:focus': (payload: LabFocusNotice) => void;
  'lab:focusFrame': (payload: LabThumbnail) => void;
}
