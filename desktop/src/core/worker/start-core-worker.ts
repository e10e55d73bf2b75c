import { Worker } from 'node:worker_threads';
import { HostErrorCode, type HostResponse } from '@sinif/shared';
import type { DesktopCoreOptions, ServableBlob } from '../desktop-core.ts';
import { NO_ENFORCEMENT, sameEnforcement, type SeatEnforcement } from '../lab/seat-enforcement.ts';
import type { CoreReply, CoreRequest } from './protocol.ts';

/** The only handle the Electron main process and the bridge have on the core. */
export interface CoreWorker {
  invoke(method: unknown, args: unknown): Promise<HostResponse>;
  verifiedBlob(sha256: string): Promise<ServableBlob | null>;
  close(): Promise<void>;
  /** What the seat must enforce (lock, allowlist): the latest known at once, then every change, until the returned function is called. */
  onSeatEnforcement(listener: (enforcement: SeatEnforcement) => void): () => void;
}

/** Options must survive structured cloning into the worker: no functions. */
export type CoreWorkerOptions = Omit<DesktopCoreOptions, 'logError'>;

/**
 * How long `close()` lets the core wind down before the worker is terminated.
 * The core stops its downloads at once when closing; this bound is for
 * whatever still ignores that, so quitting the app never hangs.
 */
export const DEFAULT_CORE_CLOSE_TIMEOUT_MS = 10_000;

/** Main-thread behaviour of the worker handle (stays on this side, never cloned). */
export interface CoreWorkerHandleOptions {
  closeTimeoutMs?: number;
  logError?: (message: string, error: unknown) => void;
}

/**
 * Where the worker's entry file is. Node 24 runs the .ts directly; a bundled
 * Electron build passes its own emitted file to startCoreWorker instead.
 */
export function coreWorkerEntry(): URL {
  return new URL('./core-worker.ts', import.meta.url);
}

/** The worker could not open the core (e.g. CACHE_SCHEMA_TOO_NEW). */
export class CoreWorkerStartError extends Error {
  readonly code: string;

  constructor(name: string, code: string | undefined, message: string) {
    super(message);
    this.name = 'CoreWorkerStartError';
    this.code = code ?? name;
  }
}

type RequestBody = CoreRequest extends infer R ? (R extends CoreRequest ? Omit<R, 'id'> : never) : never;

type Pending = { resolve: (reply: CoreReply) => void; reject: (error: Error) => void };

export async function startCoreWorker(
  options: CoreWorkerOptions,
  entry: URL | string = coreWorkerEntry(),
  handleOptions: CoreWorkerHandleOptions = {},
): Promise<CoreWorker> {
  const closeTimeoutMs = handleOptions.closeTimeoutMs ?? DEFAULT_CORE_CLOSE_TIMEOUT_MS;
  const logError = handleOptions.logError ?? ((message, error) => console.error(message, error));
  const worker = new Worker(entry, { workerData: { ...options } });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let gone: Error | null = null;

  // Only our own listeners may be removed: Worker keeps internal ones.
  const startListeners: { message?: (m: CoreReply) => void; error?: (e: Error) => void; exit?: (c: number) => void } = {};
  await new Promise<void>((resolve, reject) => {
    startListeners.message = (message) => {
      if (message.kind === 'ready') resolve();
      else if (message.kind === 'startFailed') reject(new CoreWorkerStartError(message.name, message.code, message.message));
    };
    startListeners.error = reject;
    startListeners.exit = (code) => reject(new Error(`core worker exited during start (code ${code})`));
    worker.on('message', startListeners.message);
    worker.on('error', startListeners.error);
    worker.on('exit', startListeners.exit);
  })
    .catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    })
    .finally(() => {
      worker.off('message', startListeners.message!);
      worker.off('error', startListeners.error!);
      worker.off('exit', startListeners.exit!);
    });

  let enforcement: SeatEnforcement = NO_ENFORCEMENT;
  const enforcementListeners = new Set<(enforcement: SeatEnforcement) => void>();
  worker.on('message', (message: CoreReply) => {
    if (message.kind === 'enforcement') {
      // The worker's first post repeats what a subscriber was already told (nothing to enforce).
      if (sameEnforcement(message.enforcement, enforcement)) return;
      enforcement = message.enforcement;
      for (const listener of enforcementListeners) listener(enforcement);
      return;
    }
    if (!('id' in message)) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    waiter?.resolve(message);
  });
  const failAll = (error: Error) => {
    gone = error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`core worker exited (code ${code})`)));

  function request(message: RequestBody): Promise<CoreReply> {
    if (gone) return Promise.reject(gone);
    const id = nextId++;
    return new Promise<CoreReply>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      try {
        worker.postMessage({ ...message, id });
      } catch (error) {
        pending.delete(id);
        reject(error as Error);
      }
    });
  }

  return {
    async invoke(method, args) {
      let reply: CoreReply;
      try {
        reply = await request({ kind: 'invoke', method, args });
      } catch (error) {
        // DataCloneError: args that cannot cross a thread are not valid arguments.
        if ((error as Error).name === 'DataCloneError') {
          return { ok: false, error: { code: HostErrorCode.invalidArgument, message: 'Arguments must be plain data.' } };
        }
        return { ok: false, error: { code: HostErrorCode.internal, message: 'The app core is not running.' } };
      }
      if (reply.kind === 'invoked') return reply.response;
      return { ok: false, error: { code: HostErrorCode.internal, message: 'Something went wrong in the app. Try again.' } };
    },
    async verifiedBlob(sha256) {
      const reply = await request({ kind: 'verifiedBlob', sha256 });
      if (reply.kind !== 'blob') throw new Error('core worker could not look up the blob');
      return reply.blob;
    },
    onSeatEnforcement(listener) {
      enforcementListeners.add(listener);
      listener(enforcement);
      return () => enforcementListeners.delete(listener);
    },
    async close() {
      if (!gone) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), closeTimeoutMs);
        });
        const closed = request({ kind: 'close' }).then(
          () => 'closed' as const,
          () => 'closed' as const,
        );
        const outcome = await Promise.race([closed, late]);
        clearTimeout(timer);
        if (outcome === 'late') {
          logError('core worker did not close in time; terminating it', new Error(`no answer in ${closeTimeoutMs} ms`));
        }
      }
      await worker.terminate();
    },
  };
}
