/**
 * Worker thread entry: owns the DesktopCore so SQLite and hashing never block
 * the Electron main thread (or the bridge's event loop). Every host call is
 * validated by the dispatcher here, before the core sees it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createHostDispatcher } from '../../host/dispatch.ts';
import { DesktopCore, type DesktopCoreOptions } from '../desktop-core.ts';
import type { CoreReply, CoreRequest } from './protocol.ts';

const port = parentPort;
if (!port) throw new Error('core-worker.ts must run as a worker thread');

function reply(message: CoreReply): void {
  port!.postMessage(message);
}

try {
  const core = await DesktopCore.open(workerData as DesktopCoreOptions);
  const dispatch = createHostDispatcher(core);
  port.on('message', (request: CoreRequest) => {
    void handle(request).catch((error: unknown) => {
      console.error('core worker request failed', error);
      reply({ id: request.id, kind: 'failed', message: 'The app core failed.' });
    });
  });

  async function handle(request: CoreRequest): Promise<void> {
    switch (request.kind) {
      case 'invoke':
        reply({ id: request.id, kind: 'invoked', response: await dispatch(request.method, request.args) });
        return;
      case 'verifiedBlob':
        reply({ id: request.id, kind: 'blob', blob: await core.verifiedBlob(request.sha256) });
        return;
      case 'close':
        await core.close();
        reply({ id: request.id, kind: 'closed' });
        return;
      default: {
        const never: never = request;
        throw new Error(`unknown core request ${JSON.stringify(never)}`);
      }
    }
  }
  reply({ kind: 'ready' });
  core.onSeatEnforcement((enforcement) => reply({ kind: 'enforcement', enforcement }));
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  reply({ kind: 'startFailed', name: e.name, code: (e as { code?: string }).code, message: e.message });
}
