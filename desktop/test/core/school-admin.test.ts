// The admin.* host methods against the real server: what an IT admin can do
// from a lab PC, and that the server's refusals arrive as stable codes.
import { describe, expect, it } from 'vitest';
import { osDescription } from '../../src/core/inventory-report.ts';
import { createHostDispatcher } from '../../src/host/dispatch.ts';
import { demoLabWithCores, failureOf } from '../support/desktop-cores.ts';

const fixture = demoLabWithCores();
const { cores } = fixture;

describe('school administration through the host', () => {
  it('creates a lab and an enrolment code a new PC can enrol with, lists and revokes the code', async () => {
    const admin = await cores.signedIn(fixture.server.demo.itAdmin, 'IT-DESK');
    const lab = await admin['admin.labs.create']({ name: 'Lab 2' });
    expect((await admin['admin.labs.list']({})).labs.map((l) => l.name)).toContain('Lab 2');

    const created = await admin['admin.enrolmentCodes.create']({ labId: lab.id, maxUses: 2, ttlHours: 1 });
    expect(created.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const pc = await cores.open();
    const seat = await pc['device.enrol']({ serverUrl: fixture.server.url, code: created.code, seatName: 'PC-21' });
    expect(seat.labName).toBe('Lab 2');

    const listed = (await admin['admin.enrolmentCodes.list']({})).codes.find((c) => c.id === created.info.id);
    expect(listed).toMatchObject({ uses: 1, maxUses: 2, usable: true });
    const revoked = await admin['admin.enrolmentCodes.revoke']({ codeId: created.info.id });
    expect(revoked.usable).toBe(false);
    const late = await cores.open();
    expect((await failureOf(late['device.enrol']({ serverUrl: fixture.server.url, code: created.code, seatName: 'PC-22' }))).code).toBe(
      'ENROLMENT_CODE_INVALID',
    );
  });

  it('lists the PCs of the school with their inventory and renames one', async () => {
    const admin = await cores.signedIn(fixture.server.demo.itAdmin, 'IT-DESK');
    const own = (await admin['app.info']({})).seat!;
    const device = (await admin['admin.devices.list']({})).devices.find((d) => d.deviceId === own.deviceId);
    expect(device).toMatchObject({ seatName: 'IT-DESK', appVersion: '0.1.0-test', os: osDescription(), revokedAt: null });
    const renamed = await admin['admin.devices.rename']({ deviceId: own.deviceId, seatName: 'IT-DESK-2' });
    expect(renamed.seatName).toBe('IT-DESK-2');
  });

  it('creates a user with a one-time password, refuses a taken username (CONFLICT), disables, enables and resets', async () => {
    const admin = await cores.signedIn(fixture.server.demo.itAdmin, 'IT-DESK');
    const created = await admin['admin.users.create']({ username: 'newteacher', displayName: 'Yeni Müəllim', roles: ['teacher'] });
    expect(created.initialPassword).toEqual(expect.any(String));
    expect(created.user.mustChangePassword).toBe(true);
    const again = await failureOf(admin['admin.users.create']({ username: 'newteacher', displayName: 'X', roles: ['teacher'] }));
    expect(again.code).toBe('CONFLICT');

    expect((await admin['admin.users.disable']({ userId: created.user.id })).disabled).toBe(true);
    expect((await admin['admin.users.enable']({ userId: created.user.id })).disabled).toBe(false);
    const reset = await admin['admin.users.resetPassword']({ userId: created.user.id });
    expect(reset.initialPassword).not.toBe(created.initialPassword);
    const users = await admin['admin.users.list']({});
    expect(users.users.map((u) => u.username)).toEqual(expect.arrayContaining(['newteacher', 'student1', 'itadmin1']));
  });

  it('imports a roster with one-time passwords, or reports the bad rows by line and imports nothing', async () => {
    const admin = await cores.signedIn(fixture.server.demo.itAdmin, 'IT-DESK');
    const good = await admin['admin.users.import']({ csv: 'username,displayName\nali.h,Əli Həsənov\nnarine,Նարինե\n' });
    expect(good.problems).toEqual([]);
    expect(good.imported.map((s) => [s.line, s.username])).toEqual([
      [2, 'ali.h'],
      [3, 'narine'],
    ]);
    expect(good.imported.every((s) => s.initialPassword.length >= 8)).toBe(true);

    const bad = await admin['admin.users.import']({ csv: 'username,displayName\nok.one,Ok\n,No Name\nali.h,Taken\n' });
    expect(bad.imported).toEqual([]);
    expect(bad.problems.map((p) => p.line)).toEqual(expect.arrayContaining([3, 4]));
    const names = (await admin['admin.users.list']({})).users.map((u) => u.username);
    expect(names).not.toContain('ok.one');
  });

  it('shows the audit log, newest first, with the admin actions just taken', async () => {
    const admin = await cores.signedIn(fixture.server.demo.itAdmin, 'IT-DESK');
    await admin['admin.labs.create']({ name: 'Audit lab' });
    const page = await admin['admin.audit.list']({ limit: 5 });
    expect(page.events[0]?.action).toBe('lab.create');
  });

  it('a student asking for administration is refused with FORBIDDEN by the server', async () => {
    const student = await cores.signedIn(fixture.server.demo.students[0]!, 'PC-05');
    expect((await failureOf(student['admin.devices.list']({}))).code).toBe('FORBIDDEN');
    expect((await failureOf(student['admin.users.create']({ username: 'sneaky', displayName: 'S', roles: ['school_it_admin'] }))).code).toBe(
      'FORBIDDEN',
    );
    // Through the dispatcher, as the renderer would call it, the code survives the envelope.
    const dispatch = createHostDispatcher(student);
    expect(await dispatch('admin.audit.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await dispatch('admin.labs.create', { name: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('asks to sign in first (NOT_SIGNED_IN) on an enrolled PC with nobody signed in', async () => {
    const pc = await cores.open();
    await pc['device.enrol']({ serverUrl: fixture.server.url, code: fixture.server.demo.enrolmentCode, seatName: 'PC-06' });
    expect((await failureOf(pc['admin.labs.list']({}))).code).toBe('NOT_SIGNED_IN');
  });
});
