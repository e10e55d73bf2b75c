/**
 * A seat's screen thumbnails in Electron: the main process captures the real
 * screen (desktopCapturer) while a teacher watches the grid and hands each
 * frame to the core, which sends it only when it changed; while a teacher has
 * this screen open large, also a large frame twice a second. The renderer's
 * canvas sketch is for hosts without OS capture; it stays off under Electron.
 */
import { desktopCapturer } from 'electron';
import { FOCUS_FRAME_EVERY_MS, FOCUS_FRAME_HEIGHT, FOCUS_FRAME_MAX_BYTES, FOCUS_FRAME_WIDTH, type HostResponse } from '@sinif/shared';

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

async function captureJpeg(boxWidth = WIDTH, boxHeight = HEIGHT): Promise<Frame | null> {
  const [screen] = await desktopCapturer.getSources({ types: ['screen'], thumbnailSize: { width: boxWidth, height: boxHeight } });
  if (!screen || screen.thumbnail.isEmpty()) return null;
  // The capturer keeps the screen's aspect ratio inside the requested box.
  const { width, height } = screen.thumbnail.getSize();
  return { jpeg: screen.thumbnail.toJPEG(JPEG_QUALITY), width, height };
}

/** Which of the two kinds of frame the teacher asks this seat for now. */
async function asked(invoke: Invoke): Promise<{ grid: boolean; focus: boolean }> {
  const answer = await invoke('lab.state', {});
  if (!answer.ok) return { grid: false, focus: false };
  const session = (answer.value as { session?: { view?: string; watch?: boolean; focus?: boolean } | null }).session;
  const seat = session?.view === 'seat';
  return { grid: seat && session.watch === true, focus: seat && session.focus === true };
}

/** Runs `work` every `everyMs`, skipping a tick while the last one still runs. */
function every(everyMs: number, work: () => Promise<void>, logError: (message: string, error: unknown) => void): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    work()
      .catch((error: unknown) => logError('could not capture a screen thumbnail', error))
      .finally(() => {
        busy = false;
      });
  }, everyMs);
  return () => clearInterval(timer);
}

/** Runs until the returned stop() is called. */
export function startScreenThumbnails(invoke: Invoke, logError: (message: string, error: unknown) => void): () => void {
  const stopGrid = every(
    EVERY_MS,
    async () => {
      if (!(await asked(invoke)).grid) return;
      const frame = await captureJpeg();
      if (frame) await invoke('lab.thumbnail', { mediaType: 'image/jpeg', dataBase64: frame.jpeg.toString('base64'), width: frame.width, height: frame.height });
    },
    logError,
  );
  const stopFocus = every(
    FOCUS_FRAME_EVERY_MS,
    async () => {
      if (!(await asked(invoke)).focus) return;
      const frame = await captureJpeg(FOCUS_FRAME_WIDTH, FOCUS_FRAME_HEIGHT);
      // A busy screen may not fit at this quality: that frame is skipped, the next one tried.
      if (frame && frame.jpeg.byteLength <= FOCUS_FRAME_MAX_BYTES) {
        await invoke('lab.focusFrame', { mediaType: 'image/jpeg', dataBase64: frame.jpeg.toString('base64'), width: frame.width, height: frame.height });
      }
    },
    logError,
  );
  return () => {
    stopGrid();
    stopFocus();
  };
}
