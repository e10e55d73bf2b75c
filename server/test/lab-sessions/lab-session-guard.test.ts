import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { LabRunBy, LabTeacherState } from '@sinif/shared';
import { startLabSession, type Classroom } from '../support/lab-classroom.ts';
import { labSuite } from '../support/lab-suite.ts';
import { call, nextEvent, ok, openSocket } from '../support/lab-sockets.ts';

const lab = labSuite();
let room: Classroom;

async function startedClassroom(): Promise<LabTeacherState> {
  room = await lab.openClassroom();
  return startLabSession(room);
}

async function teacherOf(school: 'A' | 'C') {
  const user = await lab.fx.user(school, 'teacher');
  const socket = await openSocket(lab.server.url, { token: await lab.fx.session(user.id) });
  lab.track(socket);
  return { id: user.id, socket };
}

const lockAll = (sessionId: string) => ({ sessionId, id: randomUUID(), kind: 'lock', targets: 'all' });

async function refusalsBy(userId: string) {
  return lab.server.app.store.selectFrom('audit_events').selectAll().where('actor_user_id', '=', userId).where('action', '=', 'socket.refused').execute();
}

describe('who may command a lab session', () => {
  it("refuses a student's command and another school's teacher's command with FORBIDDEN, and audits both", async () => {
    const state = await startedClassroom();
    const student = room.seats[0]!.socket;
    expect(await call(student, 'lab:command', lockAll(state.sessionId))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const outsider = await teacherOf('C');
    expect(await call(outsider.socket, 'lab:command', lockAll(state.sessionId))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await new Promise((resolve) => setTimeout(resolve, 50)); // audit rows are written after the refusal is sent
    const byStudent = await refusalsBy(room.students[0]!);
    expect(byStudent.map((e) => [e.target, e.school_id])).toEqual([['lab:command', 'school-a']]);
    const byOutsider = await refusalsBy(outsider.id);
    // Logged in the school that was targeted, so its staff see the attempt.
    expect(byOutsider.map((e) => [e.target, e.school_id])).toEqual([['lab:command', 'school-a']]);
    expect(room.seats.every((seat) => seat.commands.length === 0)).toBe(true);
  });

  it('refuses a same-school teacher who does not run the session, naming who does', async () => {
    const state = await startedClassroom();
    const colleague = await teacherOf('A');
    const refused = await call(colleague.socket, 'lab:command', lockAll(state.sessionId));
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await refusalsBy(colleague.id)).toHaveLength(1);
  });

  it('shows a second teacher who runs the lab (CONFLICT), and once invited they join and command as co-teacher', async () => {
    const state = await startedClassroom();
    const colleague = await teacherOf('A');
    const second = await call(colleague.socket, 'lab:start', { labId: room.labId });
    expect(second).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { sessionId: state.sessionId, startedBy: { userId: lab.fx.actors.teacher } } } });
    const join = await call(colleague.socket, 'lab:join', { labId: room.labId });
    expect(!join.ok && (join.error.details as LabRunBy).teachers.map((t) => t.userId)).toEqual([lab.fx.actors.teacher]);

    const invited = nextEvent<{ sessionId: string }>(colleague.socket, 'lab:invited');
    await ok(room.teacher, 'lab:invite', { sessionId: state.sessionId, userId: colleague.id });
    expect((await invited).sessionId).toBe(state.sessionId);
    const view = await ok<LabTeacherState>(colleague.socket, 'lab:join', { labId: room.labId });
    expect(view.teachers.map((t) => [t.userId, t.online])).toEqual([[lab.fx.actors.teacher, true], [colleague.id, true]]);
    const lock = lockAll(state.sessionId);
    await ok(colleague.socket, 'lab:command', lock);
    await room.deliveries.waitFor(lock.id, room.pcs.map((pc) => pc.id), 'applied'); // the first teacher sees it too

    const studentInvite = await call(room.teacher, 'lab:invite', { sessionId: state.sessionId, userId: room.students[1] });
    expect(studentInvite).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('makes two concurrent starts of one lab create exactly one session', async () => {
    room = await lab.openClassroom(1);
    const colleague = await teacherOf('A');
    const answers = await Promise.all([call(room.teacher, 'lab:start', { labId: room.labId }), call(colleague.socket, 'lab:start', { labId: room.labId })]);
    expect(answers.map((a) => a.ok).sort()).toEqual([false, true]);
    const active = await lab.server.app.store.selectFrom('lab_sessions').select('id').where('lab_id', '=', room.labId).where('ended_at', 'is', null).execute();
    expect(active).toHaveLength(1);
  });

  it('answers INVALID_PAYLOAD for a malformed command and an oversized thumbnail', async () => {
    const state = await startedClassroom();
    const bad = await call(room.teacher, 'lab:command', { ...lockAll(state.sessionId), id: 'not-a-uuid' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    const huge = await call(room.seats[0]!.socket, 'lab:thumbnail', { sessionId: state.sessionId, mime: 'image/webp', width: 320, height: 180, frame: new Uint8Array(64 * 1024 + 1) });
    expect(huge).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });
});

describe('throttling', () => {
  it('refuses a flood from one socket with TOO_MANY_REQUESTS while other seats keep acking promptly', async () => {
    const state = await startedClassroom();
    const noisy = room.seats[0]!.socket;
    const flood = Array.from({ length: 200 }, (_, i) => call(noisy, 'lab:chat', { sessionId: state.sessionId, to: 'teachers', text: `spam ${i}` }, 5000));
    // While the flood is in flight, the teacher keeps commanding and the other seats keep acking.
    const latencies: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const lock = { ...lockAll(state.sessionId), targets: [room.pcs[1]!.id, room.pcs[2]!.id] };
      const started = performance.now();
      await ok(room.teacher, 'lab:command', lock);
      await room.deliveries.waitFor(lock.id, [room.pcs[1]!.id, room.pcs[2]!.id], 'delivered');
      latencies.push(performance.now() - started);
    }
    const answers = await Promise.all(flood);
    const throttled = answers.filter((a) => !a.ok && a.error.code === 'TOO_MANY_REQUESTS').length;
    expect(throttled).toBeGreaterThan(150);
    expect(answers.filter((a) => a.ok).length).toBeLessThanOrEqual(15);
    expect(Math.max(...latencies)).toBeLessThan(500);
    // Hands share chat's bucket and are refused too; other classes (joining) are untouched.
    expect(await call(noisy, 'lab:hand', { sessionId: state.sessionId, raised: true })).toMatchObject({ ok: false, error: { code: 'TOO_MANY_REQUESTS' } });
    expect(await call(noisy, 'lab:join', { labId: room.labId })).toMatchObject({ ok: true });
  });
});
