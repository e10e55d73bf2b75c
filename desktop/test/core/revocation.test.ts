// The server is the authority on sessions: when it ends one or revokes a PC,
// the core hears it over its live link (or from a REST 401), clears what it
// must and says why in app.info.
import { describe, expect, it } from 'vitest';
import type { DesktopCore } from '../../src/core/desktop-core.ts';
import { eventually, startDemoServer } from '../support/demo-server.ts';
import { demoLabWithCores, failureOf } from '../support/desktop-cores.ts';

const fixture = demoLabWithCores();
const { cores, dirs, serverDirs } = fixture;

async function adminCore(): Promise<DesktopCore> {
  return cores.signedIn(fixture.server.demo.itAdmin, 'IT-DESK');
}

async function deviceIdOf(core: DesktopCore): Promise<string> {
  const info = await core['app.info']({});
  return info.seat!.deviceId;
}

async function userIdOf(admin: DesktopCore, username: string): Promise<string> {
  const { users } = await admin['admin.users.list']({});
  return users.find((u) => u.username === username)!.id;
}

/** Resolves once app.info reports that the session ended. */
function signedOut(core: DesktopCore) {
  return eventually(async () => {
    const info = await core['app.info']({});
    return info.signedOutReason ? info : undefined;
  }, 5_000);
}

describe('revocation', () => {
  it('a PC revoked by the IT admin forgets its enrolment at once and says DEVICE_REVOKED', async () => {
    const admin = await adminCore();
    const seat = await cores.signedIn(fixture.server.demo.students[0]!, 'PC-11');
    await eventually(async () => (seat.sessionLinkConnected ? true : undefined), 5_000);
    await admin['admin.devices.revoke']({ deviceId: await deviceIdOf(seat) });

    const info = await signedOut(seat);
    expect(info.signedOutReason?.code).toBe('DEVICE_REVOKED');
    expect(info.seat).toBeNull();
    expect(info.user).toBeNull();
    expect((await failureOf(seat['session.signIn'](fixture.server.demo.students[0]!))).code).toBe('NOT_ENROLLED');
    // The admin's own PC is untouched.
    expect((await admin['app.info']({})).user?.username).toBe(fixture.server.demo.itAdmin.username);
  });

  it('a disabled user is signed out with SESSION_REVOKED and the PC stays enrolled', async () => {
    const admin = await adminCore();
    const student = fixture.server.demo.students[1]!;
    const seat = await cores.signedIn(student, 'PC-12');
    // Revoked before the link is up, the handshake can only say UNAUTHENTICATED; this test is about the live event.
    await eventually(async () => (seat.sessionLinkConnected ? true : undefined), 5_000);
    const userId = await userIdOf(admin, student.username);
    await admin['admin.users.disable']({ userId });
    try {
      const info = await signedOut(seat);
      expect(info.signedOutReason?.code).toBe('SESSION_REVOKED');
      expect(info.user).toBeNull();
      expect(info.seat?.seatName).toBe('PC-12');
    } finally {
      await admin['admin.users.enable']({ userId });
    }
    // Signing in again clears the reason.
    await seat['session.signIn'](student);
    expect((await seat['app.info']({})).signedOutReason).toBeNull();
  });

  it('a PC revoked while its app was closed learns it on the next start', async () => {
    const admin = await adminCore();
    const cacheDir = await dirs.make();
    const seat = await cores.signedIn(fixture.server.demo.students[2]!, 'PC-13', { cacheDir });
    const deviceId = await deviceIdOf(seat);
    await seat.close();
    cores.forget(seat);
    await admin['admin.devices.revoke']({ deviceId });

    const restarted = await cores.open({ cacheDir });
    const info = await signedOut(restarted);
    expect(info.signedOutReason?.code).toBe('DEVICE_REVOKED');
    expect(info.seat).toBeNull();
  });

  it('a REST call refused with DEVICE_REVOKED also forgets the enrolment', async () => {
    const admin = await adminCore();
    const seat = await cores.open();
    await seat['device.enrol']({ serverUrl: fixture.server.url, code: fixture.server.demo.enrolmentCode, seatName: 'PC-14' });
    await admin['admin.devices.revoke']({ deviceId: await deviceIdOf(seat) });

    expect((await failureOf(seat['session.signIn'](fixture.server.demo.students[3]!))).code).toBe('DEVICE_REVOKED');
    const info = await seat['app.info']({});
    expect(info.seat).toBeNull();
    expect(info.signedOutReason?.code).toBe('DEVICE_REVOKED');
  });

  it('signing out by oneself leaves no reason behind', async () => {
    const seat = await cores.signedIn(fixture.server.demo.students[4]!, 'PC-15');
    await seat['session.signOut']({});
    const info = await seat['app.info']({});
    expect(info.user).toBeNull();
    expect(info.signedOutReason).toBeNull();
  });
});

describe('the live session link', () => {
  it('reconnects after the server restarts and still hears a revocation', async () => {
    const dataDir = await serverDirs.make('sinif-restart-');
    let own = await startDemoServer(dataDir);
    const port = own.port;
    try {
      const seat = await cores.open();
      await seat['device.enrol']({ serverUrl: own.url, code: own.demo.enrolmentCode, seatName: 'PC-31' });
      await seat['session.signIn'](own.demo.students[0]!);
      await eventually(async () => (seat.sessionLinkConnected ? true : undefined), 5_000);

      await own.close();
      await eventually(async () => (seat.sessionLinkConnected ? undefined : true), 5_000);
      own = await startDemoServer(dataDir, port);
      await eventually(async () => (seat.sessionLinkConnected ? true : undefined), 10_000);
      expect((await seat['app.info']({})).user?.username).toBe(own.demo.students[0]!.username);

      const admin = await cores.open();
      await admin['device.enrol']({ serverUrl: own.url, code: own.demo.enrolmentCode, seatName: 'IT-DESK' });
      await admin['session.signIn'](own.demo.itAdmin);
      await admin['admin.devices.revoke']({ deviceId: await deviceIdOf(seat) });
      expect((await signedOut(seat)).signedOutReason?.code).toBe('DEVICE_REVOKED');
    } finally {
      await cores.closeAll();
      await own.close();
    }
  });
});
