import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DesktopCore } from '../../src/core/desktop-core.ts';
import { createHostDispatcher } from '../../src/host/dispatch.ts';
import { createHostIpcHandler, type HostIpcEvent, type HostIpcHandler } from '../../src/main/ipc-handler.ts';

const appPage = pathToFileURL('/opt/Sinif/resources/app.asar/out/renderer/index.html').href;
const devServer = 'http://localhost:5173';

function mainFrame(url: string): HostIpcEvent {
  return { senderFrame: { url, parent: null } };
}

function subFrame(url: string): HostIpcEvent {
  return { senderFrame: { url, parent: { url: appPage } } };
}

describe('host IPC handler', () => {
  let cacheDir: string;
  let core: DesktopCore;
  let handler: HostIpcHandler;
  const reachedCore: unknown[] = [];

  beforeAll(async () => {
    cacheDir = mkdtempSync(join(tmpdir(), 'sinif-ipc-'));
    core = await DesktopCore.open({ cacheDir, appVersion: '9.9.9', blobUrlPrefix: 'sinif-blob://blob/' });
    const dispatch = createHostDispatcher(core, { logError: () => {} });
    handler = createHostIpcHandler((method, args) => {
      reachedCore.push(method);
      return dispatch(method, args);
    }, [appPage, devServer]);
  });

  afterAll(async () => {
    await core.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('answers a well-formed call from the app page', async () => {
    const response = await handler(mainFrame(appPage), 'app.info', {});
    expect(response).toMatchObject({ ok: true, value: { appVersion: '9.9.9', seat: null, user: null } });
  });

  it('answers a call from the dev-server page when that origin is trusted', async () => {
    const response = await handler(mainFrame(`${devServer}/index.html#x`), 'library.status', {});
    expect(response).toMatchObject({ ok: true, value: { state: 'idle' } });
  });

  it.each([
    ['another web origin', mainFrame('https://evil.example/index.html')],
    ['a lesson iframe on the app page', subFrame(appPage)],
    ['a blob: page', mainFrame(`blob:${devServer}/1234`)],
    ['another local file', mainFrame(pathToFileURL('/home/student/Downloads/page.html').href)],
    ['a lesson blob URL', mainFrame('sinif-blob://blob/' + 'a'.repeat(64))],
    ['a frame that is already gone', { senderFrame: null }],
    ['an event without a frame', { senderFrame: undefined }],
  ])('refuses %s with FORBIDDEN_SENDER before the core is reached', async (_name, event) => {
    const before = reachedCore.length;
    const response = await handler(event, 'app.info', {});
    expect(response).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(reachedCore.length).toBe(before);
  });

  it('refuses arguments that break the contract with INVALID_ARGUMENT', async () => {
    for (const args of [{ search: 42 }, { search: 'x', extra: true }, null, 'search']) {
      const response = await handler(mainFrame(appPage), 'library.list', args);
      expect(response).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
  });

  it('refuses a method outside the contract with UNKNOWN_METHOD', async () => {
    const response = await handler(mainFrame(appPage), 'fs.readFile', { path: '/etc/passwd' });
    expect(response).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('answers INTERNAL instead of throwing when the core is gone', async () => {
    const dead = createHostIpcHandler(() => Promise.reject(new Error('worker exited')), [appPage]);
    const response = await dead(mainFrame(appPage), 'app.info', {});
    expect(response).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
