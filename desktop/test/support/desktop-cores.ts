import { DesktopCore, type DesktopCoreOptions } from '../../src/core/desktop-core.ts';
import { HostFailure } from '../../src/host/host-failure.ts';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startDemoServer } from './demo-server.ts';
import { tempDirs } from './temp-dir.ts';

type DemoServer = Awaited<ReturnType<typeof startDemoServer>>;

/** Opens real DesktopCores on temp caches against one demo server; `closeAll` in afterEach. */
export function desktopCores(dirs: ReturnType<typeof tempDirs>, server: () => DemoServer) {
  const opened: DesktopCore[] = [];
  async function open(options: Partial<DesktopCoreOptions> = {}): Promise<DesktopCore> {
    const core = await DesktopCore.open({
      cacheDir: await dirs.make(),
      appVersion: '0.1.0-test',
      blobUrlPrefix: 'sinif-blob://x/',
      requestTimeoutMs: 3_000,
      reconnectDelayMs: 100,
      ...options,
    });
    opened.push(core);
    return core;
  }
  /** A core enrolled in the demo lab as `seatName`, signed in as `who`. */
  async function signedIn(who: { username: string; password: string }, seatName: string, options: Partial<DesktopCoreOptions> = {}) {
    const core = await open(options);
    await core['device.enrol']({ serverUrl: server().url, code: server().demo.enrolmentCode, seatName });
    await core['session.signIn'](who);
    return core;
  }
  return {
    open,
    signedIn,
    forget(core: DesktopCore) {
      opened.splice(opened.indexOf(core), 1);
    },
    async closeAll() {
      await Promise.all(opened.splice(0).map((core) => core.close()));
    },
  };
}

export async function failureOf(promise: Promise<unknown>): Promise<HostFailure> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof HostFailure)) throw new Error(`expected a HostFailure, got ${String(error)}`);
  return error;
}

/**
 * The usual setup of a core test file: one demo server for the file (beforeAll),
 * fresh cores per test (closed and their caches removed afterEach).
 */
export function demoLabWithCores() {
  const dirs = tempDirs();
  const serverDirs = tempDirs();
  const lab = {
    dirs,
    serverDirs,
    server: undefined as unknown as DemoServer,
    cores: undefined as unknown as ReturnType<typeof desktopCores>,
  };
  lab.cores = desktopCores(dirs, () => lab.server);
  beforeAll(async () => {
    lab.server = await startDemoServer(await serverDirs.make('sinif-server-'));
  });
  afterAll(async () => {
    await lab.server?.close();
    await serverDirs.cleanup();
  });
  afterEach(async () => {
    await lab.cores.closeAll();
    await dirs.cleanup();
  });
  return lab;
}
