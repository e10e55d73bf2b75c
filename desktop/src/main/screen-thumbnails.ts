/**
 * A seat's screen thumbnails in Electron: the main process captures the real
 * screen (desktopCapturer) while a teacher watches the grid and hands each
 * frame to the core, which sends it only when it changed. The renderer's
 * canvas sketch is for hosts without OS capture; it stays off under Electron.
 */
import { desktopCapturer } from 'electron';
import type { HostResponse } from '@sinif/shared';

const WIDTH = 320;
const HEIGHT = 180;
const JPEG_QUALITY = 60;
/** The grid must refresh at least every 2 s; the server lets a seat send 2 frames a second. */
const EVERY_MS = 1_000;

type Invoke = (method: unknown, args: unknown) => Promise<HostResponse>;

interface Frame {
  jpeg: Buffer;
  width: number;
  height: number;
}

async function captureJpeg(): Promise<Frame | null> {
  const [screen] = await desktopCapturer.getSources({ types: ['screen'], thumbnailSize: { width: WIDTH, height: HEIGHT } });
  if (!screen || screen.thumbnail.isEmpty()) return null;
  // The capturer keeps the screen's aspect ratio inside the requested box.
  const { width, height } = screen.thumbnail.getSize();
  return { jpeg: screen.thumbnail.toJPEG(JPEG_QUALITY), width, height };
}

async function isWatched(invoke: Invoke): Promise<boolean> {
  const answer = await invoke('lab.state', {});
  if (!answer.ok) return false;
  const session = (answer.value as { session?: { view?: string; watch?: boolean } | null }).session;
  return session?.view === 'seat' && session.watch === true;
}

/** Runs until the returned stop() is called. */
export function startScreenThumbnails(invoke: Invoke, logError: (message: string, error: unknown) => void): () => void {
  let busy = false;
  const tick = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      if (!(await isWatched(invoke))) return;
      const frame = await captureJpeg();
      if (frame) await invoke('lab.thumbnail', { mediaType: 'image/jpeg', dataBase64: frame.jpeg.toString('base64'), width: frame.width, height: frame.height });
    } catch (error) {
      logError('could not capture a screen thumbnail', error);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), EVERY_MS);
  return () => clearInterval(timer);
}
