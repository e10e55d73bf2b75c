/**
 * Screen thumbnails on both ends of the lab link. A seat sends a frame only
 * when its bytes differ from the last one the server took (a still screen
 * costs nothing); a teacher keeps the latest frame of each seat for the grid.
 */
import { createHash } from 'node:crypto';
import type { LabSeatThumbnail, LabThumbnail } from '@sinif/shared';

/** `lab:thumbnail` / `lab:focusFrame` carry binary bytes, which the shared TypeBox checker cannot describe. */
export function isThumbnail(value: unknown): value is LabThumbnail {
  const frame = value as Partial<LabThumbnail> | null;
  return (
    typeof frame?.sessionId === 'string' &&
    typeof frame.deviceId === 'string' &&
    typeof frame.at === 'string' &&
    (frame.mime === 'image/webp' || frame.mime === 'image/jpeg') &&
    frame.frame instanceof Uint8Array
  );
}

/** A frame as the renderer reads it (base64 across the host boundary). */
export function seatThumbnailOf(frame: LabThumbnail): LabSeatThumbnail {
  return { deviceId: frame.deviceId, mediaType: frame.mime, dataBase64: Buffer.from(frame.frame).toString('base64'), capturedAt: frame.at };
}

export function frameDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

/** Remembers the last frame sent so an unchanged one is not sent again. */
export class ThumbnailGate {
  #lastSent: string | null = null;

  /** True when `bytes` differ from the last frame marked sent. */
  changed(bytes: Uint8Array): boolean {
    return frameDigest(bytes) !== this.#lastSent;
  }

  sent(bytes: Uint8Array): void {
    this.#lastSent = frameDigest(bytes);
  }

  /** Watching stopped or the session changed: the next watcher must get a frame at once. */
  reset(): void {
    this.#lastSent = null;
  }
}

/** The teacher's latest frame per seat, as the grid reads it. */
export class FrameBook {
  readonly #bySeat = new Map<string, LabSeatThumbnail>();

  heard(frame: LabThumbnail): void {
    this.#bySeat.set(frame.deviceId, seatThumbnailOf(frame));
  }

  list(): LabSeatThumbnail[] {
    return [...this.#bySeat.values()];
  }

  clear(): void {
    this.#bySeat.clear();
  }
}
