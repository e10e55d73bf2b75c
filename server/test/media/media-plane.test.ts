import { describe, expect, it } from 'vitest';
import { MEDIA_UNAVAILABLE_REASON, probeMediaPlane } from '../../src/media/media-plane.ts';

const workerBin = process.env.MEDIASOUP_WORKER_BIN;
if (!workerBin) {
  console.log('media-plane: the real-worker test is skipped because MEDIASOUP_WORKER_BIN is not set');
}

describe('media plane probe', () => {
  it.skipIf(Boolean(workerBin))('reports live media off, with the actionable reason, when no worker binary exists', async () => {
    const status = await probeMediaPlane();
    expect(status.available).toBe(false);
    expect(status.reason).toContain(MEDIA_UNAVAILABLE_REASON);
  });

  it.skipIf(!workerBin)('starts and closes a real mediasoup worker when MEDIASOUP_WORKER_BIN is set', async () => {
    expect(await probeMediaPlane()).toEqual({ available: true });
  });
});
