/**
 * The lab session as the renderer sees it through the host (`lab.state`): the
 * server's `lab:state` for this PC (a seat's directives or a teacher's seat
 * map, kept current from `lab:*` events by the core), plus what only the PC
 * knows: whether its link is up, the pushed lesson's download, the teacher's
 * messages, and the delivery of the teacher's last command.
 */
import { Type, type Static } from 'typebox';
import { LabRunBy, LabSeatState, LabTeacherState, SeatDelivery } from '../realtime/lab-session-state.ts';
import { THUMBNAIL_MAX_BYTES, ThumbnailMime } from '../realtime/lab-session.ts';
import { LabBlockedSite } from '../realtime/lab-blocked-site.ts';
import { FOCUS_FRAME_MAX_BYTES } from '../realtime/lab-session-focus.ts';

/** A pushed lesson this seat must show: `fetching` while its files download, `failed` with why. */
export const LabLessonFetch = Type.Object({
  lessonId: Type.String(),
  state: Type.Union([Type.Literal('fetching'), Type.Literal('ready'), Type.Literal('failed')]),
  /** Bytes of the lesson's files fetched so far, of all (0/0 when nothing had to be fetched). */
  done: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type LabLessonFetch = Static<typeof LabLessonFetch>;

/** A `message` command as the student sees it. */
export const LabTeacherMessage = Type.Object({ commandId: Type.String(), text: Type.String(), at: Type.String() });
export type LabTeacherMessage = Static<typeof LabTeacherMessage>;

/** The teacher's last command and each target seat's progress on it. */
export const LabLastCommand = Type.Object({
  commandId: Type.String(),
  kind: Type.String(),
  targets: Type.Array(Type.String()),
  seats: Type.Array(SeatDelivery),
});
export type LabLastCommand = Static<typeof LabLastCommand>;

export const LabView = Type.Object({
  /** The live link to the server is up (a seat keeps enforcing its last state while it is down). */
  connected: Type.Boolean(),
  /** This PC's lab (null before enrolment or sign-in). */
  labId: Type.Union([Type.String(), Type.Null()]),
  deviceId: Type.Union([Type.String(), Type.Null()]),
  /** Null: no session runs in this lab (as far as this PC knows). */
  session: Type.Union([LabSeatState, LabTeacherState, Type.Null()]),
  lesson: Type.Union([LabLessonFetch, Type.Null()]),
  messages: Type.Array(LabTeacherMessage),
  lastCommand: Type.Union([LabLastCommand, Type.Null()]),
  /** Seat: the last site refused under the allowlist, for the student's notice (null: none this session). */
  blockedSite: Type.Optional(Type.Union([LabBlockedSite, Type.Null()])),
  /**
   * Who runs this lab's session when this person does not teach it (this PC
   * is a seat of it, or the server refused to let them in); null otherwise.
   */
  runBy: Type.Optional(Type.Union([LabRunBy, Type.Null()])),
  /** This person asked the running teachers to be invited (`lab.askToJoin`) and is waiting. */
  joinAsked: Type.Optional(Type.Boolean()),
});
export type LabView = Static<typeof LabView>;

/** A seat's screen thumbnail as it crosses the host boundary (base64 of at most THUMBNAIL_MAX_BYTES bytes). */
export const ThumbnailData = Type.String({ minLength: 4, maxLength: Math.ceil(THUMBNAIL_MAX_BYTES / 3) * 4, pattern: '^[A-Za-z0-9+/]+={0,2}$' });
export const LabThumbnailUpload = Type.Object(
  {
    mediaType: ThumbnailMime,
    dataBase64: ThumbnailData,
    width: Type.Integer({ minimum: 1, maximum: 640 }),
    height: Type.Integer({ minimum: 1, maximum: 480 }),
  },
  { additionalProperties: false },
);
export type LabThumbnailUpload = Static<typeof LabThumbnailUpload>;
/** The latest frame the teacher heard from one seat. */
export const LabSeatThumbnail = Type.Object({ deviceId: Type.String(), mediaType: ThumbnailMime, dataBase64: Type.String(), capturedAt: Type.String() });
export type LabSeatThumbnail = Static<typeof LabSeatThumbnail>;
export const LabThumbnailList = Type.Object({
  frames: Type.Array(LabSeatThumbnail),
  /** The large frame of the seat opened with `lab.focus` (null until one arrives, absent when none is open). */
  focused: Type.Optional(Type.Union([LabSeatThumbnail, Type.Null()])),
});
export type LabThumbnailList = Static<typeof LabThumbnailList>;
/** A seat's answer to its own upload: `sent` false when the frame was unchanged or nobody watches. */
export const LabThumbnailSent = Type.Object({ sent: Type.Boolean() });
export type LabThumbnailSent = Static<typeof LabThumbnailSent>;

/** A focused seat's large frame as it crosses the host boundary (base64 of at most FOCUS_FRAME_MAX_BYTES bytes). */
export const LabFocusFrameUpload = Type.Object(
  {
    mediaType: ThumbnailMime,
    dataBase64: Type.String({ minLength: 4, maxLength: Math.ceil(FOCUS_FRAME_MAX_BYTES / 3) * 4, pattern: '^[A-Za-z0-9+/]+={0,2}$' }),
    width: Type.Integer({ minimum: 1, maximum: 1280 }),
    height: Type.Integer({ minimum: 1, maximum: 720 }),
  },
  { additionalProperties: false },
);
export type LabFocusFrameUpload = Static<typeof LabFocusFrameUpload>;
