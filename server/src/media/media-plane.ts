/**
 * Is live video possible on this machine? We start one mediasoup worker and
 * close it again. Without a worker binary (offline installs cannot fetch it)
 * the rest of the server still runs; /health and the start banner say why.
 */
export interface MediaPlaneStatus {
  available: boolean;
  reason?: string;
}

export const MEDIA_UNAVAILABLE_REASON =
  'mediasoup worker not found: set MEDIASOUP_WORKER_BIN to a mediasoup-worker binary to enable live video; everything else works';

const PROBE_TIMEOUT_MS = 5000;

interface ClosableWorker {
  close(): void;
}

export async function probeMediaPlane(timeoutMs = PROBE_TIMEOUT_MS): Promise<MediaPlaneStatus> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const mediasoup = await import('mediasoup');
    const starting = mediasoup.createWorker({ logLevel: 'none' });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('mediasoup worker did not start in time')), timeoutMs);
    });
    // A worker that starts after the timeout must still be closed.
    starting.then((worker: ClosableWorker) => timer === undefined && worker.close(), () => undefined);
    const worker: ClosableWorker = await Promise.race([starting, timeout]);
    worker.close();
    return { available: true };
  } catch (error) {
    const detail = (error as Error)?.message ?? String(error);
    const missing = /ENOENT|Cannot find|not found/i.test(detail);
    return { available: false, reason: missing ? MEDIA_UNAVAILABLE_REASON : `${MEDIA_UNAVAILABLE_REASON} (${detail})` };
  } finally {
    clearTimeout(timer);
    timer = undefined;
  }
}
