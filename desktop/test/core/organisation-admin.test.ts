// Classes, PC moves, and a region admin's regions and schools, through the
// admin.* host methods against the real server.
import { describe, expect, it } from 'vitest';
import { demoLabWithCores, failureOf } from '../support/desktop-cores.ts';

const fixture = demoLabWithCores();
const { cores } = fixture;

describe('organisation administration through the host', () => {
  it('creates a class, adds students and lists them as members with the counts', async () => {
    const admin = await cores.signedIn(fixture.server.demo.itAdmin, 'IT-DESK');
    const created = await admin['admin.classes.create']({ name: '7B' });
    const students = (await admin['admin.users.list']({})).users.filter((u) => u.roles.includes('student')).slice(0, 2);
    const members = await admin['admin.classes.addMembers']({
      classId: created.id,
      members: students.map((s) => ({ userId: s.id, role: 'student' as const })),
    });
    expect(members.members.map((m) => m.username).sort()).toEqual(students.map((s) => s.username).sort());
    expect((await admin['admin.classes.members']({ classId: created.id })).members).toHaveLength(2);
    const listed = (await admin['admin.classes.list']({})).classes.find((c) => c.id === created.id);
    expect(listed).toMatchObject({ name: '7B', studentCount: 2, teacherCount: 0 });
  });

  it('moves a PC to another lab of the school, and refuses a lab of another school (CONFLICT)', async () => {
    const admin = await cores.signedIn(fixture.server.demo.itAdmin, 'IT-DESK');
    const own = (await admin['app.info']({})).seat!;
    const lab = await admin['admin.labs.create']({ name: 'Move lab' });
    const moved = await admin['admin.devices.move']({ deviceId: own.deviceId, labId: lab.id });
    expect(moved).toMatchObject({ labId: lab.id, labName: 'Move lab', seatName: 'IT-DESK' });

    await fixture.server.app.store.insertInto('schools').values({ id: 'other-school', region_id: 'demo-region', name: 'Other' }).execute();
    await fixture.server.app.store.insertInto('labs').values({ id: 'other-lab', school_id: 'other-school', name: 'Elsewhere' }).execute();
    expect((await failureOf(admin['admin.devices.move']({ deviceId: own.deviceId, labId: 'other-lab' }))).code).toBe('CONFLICT');
  });

  it('a region admin lists and creates regions and schools; a school IT admin is refused (FORBIDDEN)', async () => {
    const itAdmin = await cores.signedIn(fixture.server.demo.itAdmin, 'IT-DESK');
    const person = await itAdmin['admin.users.create']({
      username: 'regional',
      displayName: 'Region Admin',
      roles: ['teacher'],
      password: 'regional-pass-1',
    });
    // An IT admin may not grant region_admin; the ministry would, so the test sets the grant directly.
    await fixture.server.app.store
      .insertInto('user_roles')
      .values({ user_id: person.user.id, role: 'region_admin', school_id: 'demo-school' })
      .execute();
    const regional = await cores.signedIn({ username: 'regional', password: 'regional-pass-1' }, 'REGION-DESK');
    expect((await regional['admin.grants']({})).grants).toContainEqual({ role: 'region_admin', schoolId: 'demo-school', regionId: 'demo-region' });

    const region = await regional['admin.regions.create']({ name: 'Gəncə' });
    expect((await regional['admin.regions.list']({})).regions.map((r) => r.name)).toEqual(expect.arrayContaining(['Bakı', 'Gəncə']));
    const school = await regional['admin.schools.create']({ regionId: 'demo-region', name: 'Məktəb 2' });
    expect(school.regionId).toBe('demo-region');
    expect((await regional['admin.schools.list']({ regionId: 'demo-region' })).schools.map((s) => s.name)).toContain('Məktəb 2');
    // Their grant sits in the demo region: another region's schools are out of reach.
    expect((await failureOf(regional['admin.schools.create']({ regionId: region.id, name: 'X' }))).code).toBe('FORBIDDEN');

    expect((await failureOf(itAdmin['admin.regions.list']({}))).code).toBe('FORBIDDEN');
    expect((await failureOf(itAdmin['admin.schools.list']({ regionId: 'demo-region' }))).code).toBe('FORBIDDEN');
  });
});
