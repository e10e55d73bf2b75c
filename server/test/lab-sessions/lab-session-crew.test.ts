import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CO_TEACHERS_MAX, type LabCoTeacherList, type LabJoinAsks, type LabRunBy, type LabSeatCommand, type LabSeatState, type LabTeacherState } from '@sinif/shared';
import { schools } from '../support/identity-fixture.ts';
import { startLabSession, type Classroom } from '../support/lab-classroom.ts';
import { labSuite } from '../support/lab-suite.ts';
import { newPc } from '../support/lab-fixture.ts';
import { call, nextEvent, ok, openSocket } from '../support/lab-sockets.ts';

const lab = labSuite();
let room: Classroom;

async function startedClassroom(): Promise<LabTeacherState> {
  room = await lab.openClassroom(2);
  return startLabSession(room);
}

/** A second teacher of school A, signed in at a fresh PC of the classroom's lab. */
async function colleagueAtPc() {
  const user = await lab.fx.user('A', 'teacher');
  const pc = await newPc(lab.fx.db, room.labId, 'PC-TEACHER-2');
  const states: LabSeatState[] = [];
  const commands: LabSeatCommand[] = [];
  const socket = await openSocket(lab.server.url, { token: await lab.fx.session(user.id, pc.id), deviceToken: pc.token }, {
    prepare: (s) => {
      s.on('lab:state', (state: LabSeatState) => states.push(state));
      s.on('lab:command', (command: LabSeatCommand, ack: (answer: unknown) => void) => {
        commands.push(command);
        ack({ ok: true, status: 'applied' });
      });
    },
  });
  lab.track(socket);
  return { id: user.id, pc, socket, states, commands };
}

describe('co-teaching a lab session', () => {
  it('shows a second teacher who runs the lab and since when: as a seat state at a lab PC, and in the refusal to start', async () => {
    const state = await startedClassroom();
    const colleague = await colleagueAtPc();
    const seatView = await ok<LabSeatState>(colleague.socket, 'lab:join', { labId: room.labId });
    expect(seatView).toMatchObject({ view: 'seat', sessionId: state.sessionId, startedAt: state.startedAt, startedBy: { userId: lab.fx.actors.teacher } });

    const refused = await call(colleague.socket, 'lab:start', { labId: room.labId });
    expect(refused.ok).toBe(false);
    const runBy = (!refused.ok && refused.error.details) as LabRunBy;
    expect(runBy).toMatchObject({ sessionId: state.sessionId, startedAt: state.startedAt, labName: state.labName, startedBy: { userId: lab.fx.actors.teacher } });
  });

  it('tells the running teachers of an ask to join (once, however often asked), and lists who may co-teach', async () => {
    const state = await startedClassroom();
    const colleague = await colleagueAtPc();
    const outsider = await lab.fx.user('C', 'teacher');
    const heard = nextEvent<LabJoinAsks>(room.teacher, 'lab:joinAsks');
    expect(await ok(colleague.socket, 'lab:askToJoin', { sessionId: state.sessionId })).toEqual({ asked: true, alreadyTeacher: false });
    expect((await heard).asks).toEqual([{ userId: colleague.id, displayName: expect.any(String), at: expect.any(String) }]);
    await ok(colleague.socket, 'lab:askToJoin', { sessionId: state.sessionId });
    const view = await ok<LabTeacherState>(room.teacher, 'lab:join', { labId: room.labId });
    expect(view.joinAsks?.map((a) => a.userId)).toEqual([colleague.id]);

    const { teachers } = await ok<LabCoTeacherList>(room.teacher, 'lab:coTeachers', { sessionId: state.sessionId });
    expect(teachers[0]).toMatchObject({ userId: colleague.id, asked: true, online: true, inSession: false });
    expect(teachers.find((t) => t.userId === lab.fx.actors.teacher)).toMatchObject({ inSession: true, online: true });
    expect(teachers.some((t) => t.userId === lab.fx.actors.school_it_admin)).toBe(true);
    const ids = new Set(teachers.map((t) => t.userId));
    for (const notTeaching of [...room.students, lab.fx.actors.student, lab.fx.actors.region_admin, outsider.id]) expect(ids.has(notTeaching)).toBe(false);
    // Only the session's teachers see the list.
    expect(await call(colleague.socket, 'lab:coTeachers', { sessionId: state.sessionId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('lists a teacher who asks to join even when the school has more teachers than one list holds, all named before them', async () => {
    const state = await startedClassroom();
    const colleague = await colleagueAtPc();
    // Names that sort before every fixture name ("Şagird …"), more than the list reads by name.
    const fillers = Array.from({ length: CO_TEACHERS_MAX * 5 + 1 }, (_, i) => ({ id: randomUUID(), name: `Aa ${String(i).padStart(5, '0')}` }));
    const now = new Date().toISOString();
    await lab.fx.db
      .insertInto('users')
      .values(fillers.map((f) => ({ id: f.id, school_id: schools.A.id, username: `filler-${f.id}`, display_name: f.name, password_hash: lab.fx.passwordHash, created_at: now, disabled_at: null })))
      .execute();
    await lab.fx.db
      .insertInto('user_roles')
      .values(fillers.map((f) => ({ user_id: f.id, role: 'teacher' as const, school_id: schools.A.id })))
      .execute();
    try {
      await ok(colleague.socket, 'lab:askToJoin', { sessionId: state.sessionId });
      const { teachers } = await ok<LabCoTeacherList>(room.teacher, 'lab:coTeachers', { sessionId: state.sessionId });
      expect(teachers).toHaveLength(CO_TEACHERS_MAX);
      expect(teachers[0]).toMatchObject({ userId: colleague.id, asked: true });
    } finally {
      // The other cases list the school's teachers too.
      await lab.fx.db.updateTable('users').set({ disabled_at: now }).where('id', 'in', fillers.map((f) => f.id)).execute();
    }
  });

  it('makes an invited teacher a co-teacher who commands the seats, and their PC stops being a seat', async () => {
    const state = await startedClassroom();
    const colleague = await colleagueAtPc();
    await ok(colleague.socket, 'lab:join', { labId: room.labId });
    await ok(colleague.socket, 'lab:askToJoin', { sessionId: state.sessionId });

    const invited = nextEvent<{ sessionId: string; labId: string }>(colleague.socket, 'lab:invited');
    const afterInvite = await ok<LabTeacherState>(room.teacher, 'lab:invite', { sessionId: state.sessionId, userId: colleague.id });
    expect(afterInvite.joinAsks).toEqual([]);
    expect(await invited).toMatchObject({ sessionId: state.sessionId, labId: room.labId });
    expect(await ok(colleague.socket, 'lab:askToJoin', { sessionId: state.sessionId })).toEqual({ asked: false, alreadyTeacher: true });

    const teaching = await ok<LabTeacherState>(colleague.socket, 'lab:join', { labId: room.labId });
    expect(teaching.view).toBe('teacher');
    const map = await ok<LabTeacherState>(room.teacher, 'lab:join', { labId: room.labId });
    expect(map.seats.find((s) => s.deviceId === colleague.pc.id)?.online).toBe(false);

    const lock = { sessionId: state.sessionId, id: randomUUID(), kind: 'lock', targets: 'all' };
    await ok(colleague.socket, 'lab:command', lock);
    await room.deliveries.waitFor(lock.id, room.pcs.map((pc) => pc.id), 'applied');
    // The co-teacher's own PC is not locked by "all".
    expect(colleague.commands).toEqual([]);
  });
});
