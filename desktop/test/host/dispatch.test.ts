import { afterEach, describe, expect, it } from 'vitest';
import { DesktopCore } from '../../src/core/desktop-core.ts';
import { createHostDispatcher } from '../../src/host/dispatch.ts';
import { tempDirs } from '../support/temp-dir.ts';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

/**
 * The core under the dispatcher is real. Proof that it never ran: device.enrol
 * would store an enrolment or, with this unreachable URL, mark the app offline.
 */
async function setup() {
  const logged: string[] = [];
  const core = await DesktopCore.open({ cacheDir: await dirs.make(), appVersion: '1', blobUrlPrefix: '/blob/', requestTimeoutMs: 1_000 });
  const dispatch = createHostDispatcher(core, { logError: (message) => logged.push(message) });
  const untouched = async () => {
    const info = await core['app.info']();
    return info.seat === null && info.serverUrl === null && info.online === true;
  };
  return { core, dispatch, logged, untouched };
}

const enrolArgs = { serverUrl: 'http://127.0.0.1:9', code: 'DEMO-LAB1', seatName: 'PC-1' };

describe('createHostDispatcher', () => {
  it('answers UNKNOWN_METHOD for a name outside the contract, including prototype keys', async () => {
    const { core, dispatch, untouched } = await setup();
    for (const method of ['device.wipe', 'constructor', '__proto__', 42, null]) {
      const response = await dispatch(method, {});
      expect(response).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
    expect(await untouched()).toBe(true);
    await core.close();
  });

  it('refuses wrong argument types with INVALID_ARGUMENT naming the problem, before the core runs', async () => {
    const { core, dispatch, untouched } = await setup();
    const response = await dispatch('device.enrol', { ...enrolArgs, code: 7 });
    expect(response.ok).toBe(false);
    if (!response.ok) {
      expect(response.error.code).toBe('INVALID_ARGUMENT');
      expect(response.error.message).toContain('/code');
    }
    expect(await dispatch('device.enrol', undefined)).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
    expect(await dispatch('device.enrol', { ...enrolArgs, serverUrl: 'javascript:alert(1)' })).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } });
    expect(await untouched()).toBe(true);
    await core.close();
  });

  it('refuses extra keys with INVALID_ARGUMENT, before the core runs', async () => {
    const { core, dispatch, untouched } = await setup();
    expect(await dispatch('device.enrol', { ...enrolArgs, admin: true })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await dispatch('app.info', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await untouched()).toBe(true);
    await core.close();
  });

  it('passes valid calls through and returns a HostFailure as its own code', async () => {
    const { core, dispatch } = await setup();
    expect(await dispatch('library.list', {})).toEqual({ ok: true, value: [] });
    expect(await dispatch('library.openLesson', { lessonId: 'x' })).toMatchObject({ ok: false, error: { code: 'LESSON_NOT_FOUND' } });
    expect(await dispatch('device.enrol', enrolArgs)).toMatchObject({ ok: false, error: { code: 'SERVER_UNREACHABLE' } });
    await core.close();
  });

  it('turns any other error into a generic INTERNAL and logs the real one', async () => {
    const { core, dispatch, logged } = await setup();
    await core.close(); // the cache DB is gone: the next query throws a plain Error
    const response = await dispatch('library.list', {});
    expect(response).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong in the app. Try again.' } });
    expect(logged).toEqual(['host method library.list failed']);
  });
});
