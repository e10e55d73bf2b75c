// Co-teaching through real desktop cores and a real server: a second
// teacher at a lab PC sees who runs the session and since when, asks to
// join, is invited from the school's list and then commands the seats.
import { describe, expect, it } from 'vitest';
import type { LabTeacherState, LabView } from '@sinif/shared';
import type { DesktopCore } from '../../../src/core/desktop-core.ts';
import { eventually } from '../../support/demo-server.ts';
import { demoLabWithCores, failureOf } from '../../support/desktop-cores.ts';

const fixture = demoLabWithCores();
const { cores } = fixture;

function viewWhere(core: DesktopCore, accept: (view: LabView) => boolean): Promise<LabView> {
  return eventually(async () => {
    const view = await core['lab.state']({});
    return accept(view) ? view : undefined;
  }, 8_000);
}
const mapOf = (view: LabView) => (view.session?.view === 'teacher' ? (view.session as LabTeacherState) : null);

describe('co-teaching', () => {
  it('a second teacher sees who runs the lab, asks to join, is invited and commands the seats', async () => {
    const { demo } = fixture.server;
    const teacher = await cores.signedIn(demo.teacher, 'TEACHER-PC');
    // The school's IT admin may teach lab sessions too: the second teacher here.
    const second = await cores.signedIn(demo.itAdmin, 'PC-2');
    const student = await cores.signedIn(demo.students[0]!, 'PC-1');
    const started = mapOf(await teacher['lab.start']({}))!;
    const seen = await viewWhere(second, (v) => v.runBy?.sessionId === started.sessionId);
    expect(seen.runBy).toMatchObject({ startedBy: { displayName: 'Aygün Məmmədova' }, startedAt: started.startedAt });
    expect((await failureOf(second['lab.start']({}))).code).toBe('CONFLICT');

    await second['lab.askToJoin']({});
    expect((await second['lab.state']({})).joinAsked).toBe(true);
    const secondId = (await second['app.info']({})).user!.id;
    await viewWhere(teacher, (v) => mapOf(v)?.joinAsks?.some((a) => a.userId === secondId) === true);
    const { teachers } = await teacher['lab.coTeachers']({});
    expect(teachers[0]).toMatchObject({ userId: secondId, asked: true, inSession: false });
    expect(teachers.map((t) => t.displayName)).not.toContain('Şagird 1');

    await teacher['lab.invite']({ userId: secondId });
    // The invited PC joins as teacher by itself.
    const coTeaching = await viewWhere(second, (v) => mapOf(v) !== null);
    expect(coTeaching.runBy).toBeNull();
    expect(coTeaching.joinAsked).toBe(false);
    expect(mapOf(await teacher['lab.state']({}))!.joinAsks).toEqual([]);

    await second['lab.command']({ targets: 'all', command: { kind: 'lock', message: 'Co-teacher' } });
    await viewWhere(student, (v) => v.session?.view === 'seat' && v.session.directives.lock?.message === 'Co-teacher');
    expect(mapOf(await second['lab.state']({}))).not.toBeNull();
    await teacher['lab.end']({});
    await viewWhere(second, (v) => v.session === null);
  });
});
