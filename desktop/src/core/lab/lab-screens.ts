/**
 * Screens in a lab session, both ends. A teacher watches the grid (seats send
 * small frames only while someone watches) and may open one seat large (that
 * seat alone sends large frames, faster, only while it is open). A seat sends
 * either kind only when asked and only when its screen changed. The server
 * forgets watchers and focus with a dropped socket, so a teacher's PC asks
 * again after every reconnect.
 */
import {
  FOCUS_FRAME_MAX_BYTES,
  HostErrorCode,
  THUMBNAIL_MAX_BYTES,
  type HostArgs,
  type LabSeatState,
  type LabSeatThumbnail,
  type LabTeacherState,
  type LabThumbnailList,
  type LabThumbnailSent,
} from '@sinif/shared';
import { HostFailure } from '../../host/host-failure.ts';
import type { CoreSocket } from '../session-link.ts';
import { labCall } from './lab-calls.ts';
import { FrameBook, ThumbnailGate, isThumbnail, seatThumbnailOf } from './screen-frames.ts';

/** What the screens need of the lab link: its socket and session, and its checks. */
export interface ScreensLink {
  socket(): CoreSocket | null;
  session(): LabSeatState | LabTeacherState | null;
  /** The session, or a HostFailure when there is none. */
  requireSession(): LabSeatState | LabTeacherState;
  /** The session this PC teaches, or a HostFailure. */
  teaching(): LabTeacherState;
}

function frameBytes(dataBase64: string, maxBytes: number): Buffer {
  const bytes = Buffer.from(dataBase64, 'base64');
  if (bytes.byteLength === 0 || bytes.byteLength > maxBytes) throw new HostFailure(HostErrorCode.invalidArgument, `A screen frame must be 1 to ${maxBytes} bytes.`);
  return bytes;
}

export class LabScreens {
  readonly #link: ScreensLink;
  readonly #frames = new FrameBook();
  readonly #gate = new ThumbnailGate();
  readonly #focusGate = new ThumbnailGate();
  /** Teacher: the grid is on screen. */
  #watching = false;
  /** Teacher: the seat opened large, and its latest large frame. */
  #focused: string | null = null;
  #focusFrame: LabSeatThumbnail | null = null;

  constructor(link: ScreensLink) {
    this.#link = link;
  }

  /** `lab:thumbnail` from the server (teacher). */
  heardFrame(frame: unknown): void {
    const session = this.#link.session();
    if (isThumbnail(frame) && session?.view === 'teacher' && session.sessionId === frame.sessionId) this.#frames.heard(frame);
  }

  /** `lab:focusFrame` from the server (teacher): kept only for the seat open now. */
  heardFocusFrame(frame: unknown): void {
    const session = this.#link.session();
    if (isThumbnail(frame) && session?.view === 'teacher' && session.sessionId === frame.sessionId && frame.deviceId === this.#focused) {
      this.#focusFrame = seatThumbnailOf(frame);
    }
  }

  /** Seat: a new round of watching or focus starts with the current screen, changed or not. */
  newRound(kind: 'grid' | 'focus' | 'both'): void {
    if (kind !== 'focus') this.#gate.reset();
    if (kind !== 'grid') this.#focusGate.reset();
  }

  /** Teacher: after a (re)join, ask the server again for what was on screen. */
  async rejoined(socket: CoreSocket, state: LabTeacherState): Promise<void> {
    if (!this.#watching) return;
    await labCall(socket, 'lab:watch', { sessionId: state.sessionId, on: true });
    if (this.#focused !== null) await labCall(socket, 'lab:focus', { sessionId: state.sessionId, deviceId: this.#focused });
  }

  clear(): void {
    this.#frames.clear();
    this.newRound('both');
    this.#watching = false;
    this.#focused = null;
    this.#focusFrame = null;
  }

  /** Teacher: the grid is shown (frames flow) or hidden (seats stop sending; an open seat closes too). */
  async watch(args: HostArgs<'lab.watch'>): Promise<void> {
    // Leaving the grid after the session ended has nothing left to stop.
    if (!args.watching && this.#link.session()?.view !== 'teacher') return;
    const teaching = this.#link.teaching();
    this.#watching = args.watching;
    if (!args.watching) {
      this.#frames.clear();
      this.#focused = null;
      this.#focusFrame = null;
    }
    await labCall(this.#link.socket(), 'lab:watch', { sessionId: teaching.sessionId, on: args.watching });
  }

  /** Teacher: open one seat large (`deviceId`) or close it (`null`). */
  async focus(args: HostArgs<'lab.focus'>): Promise<void> {
    if (args.deviceId === null && this.#link.session()?.view !== 'teacher') return;
    const teaching = this.#link.teaching();
    if (this.#focused !== args.deviceId) this.#focusFrame = null;
    this.#focused = args.deviceId;
    await labCall(this.#link.socket(), 'lab:focus', { sessionId: teaching.sessionId, deviceId: args.deviceId });
  }

  thumbnails(): LabThumbnailList {
    if (this.#link.session()?.view !== 'teacher') return { frames: [] };
    const frames = this.#frames.list();
    return this.#focused === null ? { frames } : { frames, focused: this.#focusFrame };
  }

  /** Seat: one frame of its screen, sent only while watched and only when it changed. */
  async thumbnail(args: HostArgs<'lab.thumbnail'>): Promise<LabThumbnailSent> {
    return this.#sendFrame('lab:thumbnail', args, (session) => session.watch, this.#gate, THUMBNAIL_MAX_BYTES);
  }

  /** Seat: a large frame, sent only while a teacher has this screen open and only when it changed. */
  async focusFrame(args: HostArgs<'lab.focusFrame'>): Promise<LabThumbnailSent> {
    return this.#sendFrame('lab:focusFrame', args, (session) => session.focus === true, this.#focusGate, FOCUS_FRAME_MAX_BYTES);
  }

  async #sendFrame(
    event: 'lab:thumbnail' | 'lab:focusFrame',
    args: HostArgs<'lab.thumbnail'> | HostArgs<'lab.focusFrame'>,
    wanted: (session: LabSeatState) => boolean,
    gate: ThumbnailGate,
    maxBytes: number,
  ): Promise<LabThumbnailSent> {
    const session = this.#link.requireSession();
    if (session.view !== 'seat' || !wanted(session)) return { sent: false };
    const bytes = frameBytes(args.dataBase64, maxBytes);
    if (!gate.changed(bytes)) return { sent: false };
    const frame = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const ack = await labCall(this.#link.socket(), event, { sessionId: session.sessionId, mime: args.mediaType, width: args.width, height: args.height, frame });
    if (ack.relayed) gate.sent(bytes);
    return { sent: ack.relayed };
  }
}
