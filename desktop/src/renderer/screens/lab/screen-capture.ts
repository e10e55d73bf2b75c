/**
 * A seat's screen thumbnail where no OS capture exists (browser / test host):
 * what the student sees, drawn onto a thumbnail-size canvas — the screen's
 * headings, what is typed, whether it is locked. Enough for the teacher to
 * see that (and roughly how) a screen changed; the core drops unchanged frames.
 */
import { useEffect } from 'react';
import { FOCUS_FRAME_EVERY_MS, FOCUS_FRAME_HEIGHT, FOCUS_FRAME_MAX_BYTES, FOCUS_FRAME_WIDTH, type LabView } from '@sinif/shared';
import { host } from '../../host.ts';

export const THUMB_WIDTH = 320;
export const THUMB_HEIGHT = 180;
/** The grid must refresh at least every 2 s; the server lets a seat send 2 frames a second. */
const CAPTURE_EVERY_MS = 1_000;
const MAX_BYTES = 64 * 1024;

/** The visible state of the screen as lines of text, most telling first. */
export function screenLines(doc: Document): string[] {
  const lines: string[] = [];
  if (doc.querySelector('[data-testid="lock-overlay"]')) lines.push('🔒 locked');
  for (const heading of doc.querySelectorAll('main h1, main h2, [data-testid="lesson-viewer"] h1')) lines.push(heading.textContent?.trim() ?? '');
  for (const input of doc.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('main input, main textarea')) {
    if (input.type !== 'password' && input.value) lines.push(`› ${input.value}`);
  }
  const text = (doc.querySelector('main') as HTMLElement | null)?.innerText ?? '';
  lines.push(...text.split('\n').map((line) => line.trim()).filter(Boolean));
  return lines.filter(Boolean).slice(0, 9);
}

function toBlob(canvas: HTMLCanvasElement, type: string): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, type, 0.6));
}

async function base64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

interface FrameSize {
  width: number;
  height: number;
  maxBytes: number;
}
const gridSize: FrameSize = { width: THUMB_WIDTH, height: THUMB_HEIGHT, maxBytes: MAX_BYTES };
/** The screen opened large by a teacher: the same sketch, three times the size. */
const focusSize: FrameSize = { width: FOCUS_FRAME_WIDTH, height: FOCUS_FRAME_HEIGHT, maxBytes: FOCUS_FRAME_MAX_BYTES };

export async function captureThumbnail(doc: Document, size: FrameSize = gridSize): Promise<{ mediaType: 'image/webp' | 'image/jpeg'; dataBase64: string } | null> {
  const { width, height } = size;
  const scale = width / THUMB_WIDTH;
  const canvas = doc.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  if (!g) return null;
  g.fillStyle = '#f4f6fa';
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#1d2a3a';
  screenLines(doc).forEach((line, i) => {
    g.font = i === 0 ? `bold ${16 * scale}px sans-serif` : `${12 * scale}px sans-serif`;
    g.fillText(line.slice(0, 60), 8 * scale, (22 + i * 18) * scale, width - 16 * scale);
  });
  // WebP where the engine encodes it; toBlob silently falls back to PNG otherwise, so check.
  let blob = await toBlob(canvas, 'image/webp');
  let mediaType: 'image/webp' | 'image/jpeg' = 'image/webp';
  if (blob?.type !== 'image/webp') {
    blob = await toBlob(canvas, 'image/jpeg');
    mediaType = 'image/jpeg';
  }
  if (!blob || blob.type !== mediaType || blob.size === 0 || blob.size > size.maxBytes) return null;
  return { mediaType, dataBase64: await base64(blob) };
}

/** Captures and sends a frame every `everyMs` while `on` (a busy capture skips a tick). */
function useFrameFeed(on: boolean, everyMs: number, send: () => Promise<unknown>): void {
  useEffect(() => {
    if (!on) return;
    let busy = false;
    const tick = async (): Promise<void> => {
      if (busy) return;
      busy = true;
      try {
        await send();
      } catch {
        // A lost frame is replaced by the next one a moment later.
      } finally {
        busy = false;
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), everyMs);
    return () => clearInterval(timer);
    // `send` is a fresh closure each render; only `on` starts or stops the feed.
  }, [on, everyMs]);
}

/**
 * While a teacher watches the grid, this seat sends its screen (only changed
 * frames go out); while a teacher has it open large, also large frames, faster.
 */
export function useScreenFeed(lab: LabView | undefined): void {
  // Under Electron the main process captures the real screen instead (main/screen-thumbnails.ts).
  const session = lab?.session?.view === 'seat' && !window.sinif ? lab.session : null;
  useFrameFeed(session?.watch === true, CAPTURE_EVERY_MS, async () => {
    const frame = await captureThumbnail(document);
    if (frame) await host.invoke('lab.thumbnail', { ...frame, width: THUMB_WIDTH, height: THUMB_HEIGHT });
  });
  useFrameFeed(session?.focus === true, FOCUS_FRAME_EVERY_MS, async () => {
    const frame = await captureThumbnail(document, focusSize);
    if (frame) await host.invoke('lab.focusFrame', { ...frame, width: FOCUS_FRAME_WIDTH, height: FOCUS_FRAME_HEIGHT });
  });
}
