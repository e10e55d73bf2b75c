/**
 * One seat's screen, larger and faster, while a teacher has it open: the
 * teacher names the seat (`lab:focus`), the server tells that seat alone
 * (`lab:focus { on }`), and the seat sends `lab:focusFrame`s, which the server
 * relays only to the teachers who focus it. Every other seat keeps the grid's
 * small frames; closing the big view (or leaving the grid) stops the seat.
 */
import { Type, type Static } from 'typebox';
import { EntityId } from '../rest/ids.ts';
import { ThumbnailMime } from './lab-session.ts';

const closed = { additionalProperties: false } as const;

/** A focused seat sends a frame this often (grid thumbnails: about once a second). */
export const FOCUS_FRAME_EVERY_MS = 500;
export const FOCUS_FRAME_WIDTH = 960;
export const FOCUS_FRAME_HEIGHT = 540;
export const FOCUS_FRAME_MAX_BYTES = 256 * 1024;

/** `lab:focus` client → server (a watching teacher): open one seat large, or `null` to close it. */
export const LabFocusRequest = Type.Object({ sessionId: EntityId, deviceId: Type.Union([EntityId, Type.Null()]) }, closed);
export type LabFocusRequest = Static<typeof LabFocusRequest>;

/** `lab:focus` server → one seat: send large frames (on) or stop (off). */
export const LabFocusNotice = Type.Object({ sessionId: Type.String(), on: Type.Boolean() });
export type LabFocusNotice = Static<typeof LabFocusNotice>;

export const FocusFrame = Type.Refine(
  Type.Unsafe<Uint8Array>({}),
  (value) => value instanceof Uint8Array && value.byteLength > 0 && value.byteLength <= FOCUS_FRAME_MAX_BYTES,
  () => `must be image bytes, 1 to ${FOCUS_FRAME_MAX_BYTES} bytes`,
);

/** `lab:focusFrame` seat → server, only while focused and only when the screen changed. Ack: `LabThumbnailAck`. */
export const LabFocusFrameRequest = Type.Object(
  {
    sessionId: EntityId,
    mime: ThumbnailMime,
    width: Type.Integer({ minimum: 1, maximum: 1280 }),
    height: Type.Integer({ minimum: 1, maximum: 720 }),
    frame: FocusFrame,
  },
  closed,
);
export type LabFocusFrameRequest = Static<typeof LabFocusFrameRequest>;
