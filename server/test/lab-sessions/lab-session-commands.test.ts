import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LabCommandResult, LabSeatState, LabSeatUpdate, LabTeacherState } from '@sinif/shared';
import { upsertLesson } from '../../src/catalog/catalog-writer.ts';
import { startTempServer, type TempServer } from '../support/temp-server.ts';
import { seedIdentity, type IdentityFixture } from '../support/identity-fixture.ts';
import { openClassroom, startLabSession, type Classroom } from '../support/lab-classroom.ts';
import { SeatClient, call, nextEvent, ok } from '../support/lab-sockets.ts';

let server: TempServer;
let fx: IdentityFixture;
let room: Classroom;
beforeAll(async () => {
  server = await startTempServer({ seedDemo: false });
  fx = await seedIdentity(server.app.store);
  await upsertLesson(server.app.store, { id: 'lesson-fractions', title: 'Kəsrlər', description: '', subject: 'Riyaziyyat', grade: 5, language: 'az', resources: [] });
});
afterEach(() => room?.close());
afterAll(async () => {
  await server.dispose();
});

async function startedClassroom(): Promise<{ room: Classroom; state: LabTeacherState }> {
  room = await openClassroom(fx, server.url);
  return { room, state: await startLabSession(room) };
}

const command = (sessionId: string, fields: Record<string, unknown>) => ({ sessionId, id: randomUUID(), targets: 'all', ...fields });

describe('lab session commands', () => {
  it('starts a session that every connected PC of the lab joins, showing the student signed in on each seat', async () => {
    const { room, state } = await startedClassroom();
    expect(state.seats.map((s) => s.seatName)).toEqual(['PC-01', 'PC-02', 'PC-03']);
    const onMap = new Map(state.seats.map((s) => [s.deviceId, s]));
    room.pcs.forEach((pc, i) => {
      // The teacher's view may predate a seat's async join; the seat's own state is authoritative.
      const seatState = room.seats[i]!.lastState as LabSeatState;
      expect(seatState).toMatchObject({ view: 'seat', sessionId: state.sessionId, deviceId: pc.id, directives: { lock: null } });
      expect(onMap.get(pc.id)?.appVersion).toBe('0.2.0');
    });
    const joined = await ok<LabTeacherState>(room.teacher, 'lab:join', { labId: room.labId });
    expect(joined.seats.map((s) => [s.online, s.student?.userId])).toEqual(room.students.map((id) => [true, id]));
  });

  it('locks all seats: each gets the command and acks, and the teacher sees every seat delivered then applied', async () => {
    const { room, state } = await startedClassroom();
    const lock = command(state.sessionId, { kind: 'lock', message: 'Gözlər lövhəyə!' });
    const result = await ok<LabCommandResult>(room.teacher, 'lab:command', lock);
    const deviceIds = room.pcs.map((pc) => pc.id);
    expect(result).toEqual({ commandId: lock.id, kind: 'lock', targets: expect.arrayContaining(deviceIds) });
    await room.deliveries.waitFor(lock.id, deviceIds, 'applied');
    for (const id of deviceIds) expect(room.deliveries.statuses(lock.id, id)).toEqual(['delivered', 'applied']);
    for (const seat of room.seats) {
      expect(seat.commands.at(-1)).toMatchObject({ commandId: lock.id, command: { kind: 'lock' }, directives: { lock: { mode: 'lock', message: 'Gözlər lövhəyə!' } } });
    }
    const map = await ok<LabTeacherState>(room.teacher, 'lab:join', { labId: room.labId });
    expect(map.seats.map((s) => [s.directives.lock?.mode, s.lastDelivery?.status])).toEqual(deviceIds.map(() => ['lock', 'applied']));

    const unlock = command(state.sessionId, { kind: 'unlock' });
    await ok(room.teacher, 'lab:command', unlock);
    await room.deliveries.waitFor(unlock.id, deviceIds, 'applied');
    for (const seat of room.seats) expect(seat.commands.at(-1)?.directives.lock).toBeNull();
  });

  it('pushes a lesson (known lessons only) and a site to chosen seats, adding its host to the allowlist', async () => {
    const { room, state } = await startedClassroom();
    const [first, second] = room.pcs;
    const unknown = await call(room.teacher, 'lab:command', command(state.sessionId, { kind: 'pushLesson', lessonId: 'no-such-lesson' }));
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const push = command(state.sessionId, { kind: 'pushLesson', lessonId: 'lesson-fractions' });
    await ok(room.teacher, 'lab:command', push);
    await room.deliveries.waitFor(push.id, room.pcs.map((pc) => pc.id), 'applied');
    expect(room.seats.map((seat) => seat.commands.at(-1)?.directives.lessonId)).toEqual(['lesson-fractions', 'lesson-fractions', 'lesson-fractions']);

    const allow = { ...command(state.sessionId, { kind: 'setAllowlist', hostnames: ['edu.az'] }), targets: [first!.id, second!.id] };
    await ok(room.teacher, 'lab:command', allow);
    const site = { ...command(state.sessionId, { kind: 'pushSite', url: 'https://www.e-derslik.edu.az/kitab/5' }), targets: [first!.id] };
    await ok(room.teacher, 'lab:command', site);
    await room.deliveries.waitFor(site.id, [first!.id], 'applied');
    expect(room.seats[0]!.commands.at(-1)?.directives).toMatchObject({ siteUrl: 'https://www.e-derslik.edu.az/kitab/5', allowlist: ['edu.az', 'www.e-derslik.edu.az'] });
    expect(room.seats[2]!.commands.map((c) => c.commandId)).not.toContain(site.id);

    const stranger = { ...command(state.sessionId, { kind: 'unlock' }), targets: ['not-a-seat'] };
    expect(await call(room.teacher, 'lab:command', stranger)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('reports a seat that could not apply a command as failed with its reason', async () => {
    const { room, state } = await startedClassroom();
    room.seats[1]!.failWith = 'KIOSK_UNAVAILABLE';
    const lock = command(state.sessionId, { kind: 'eyesOnTeacher' });
    await ok(room.teacher, 'lab:command', lock);
    const broken = room.pcs[1]!.id;
    await room.deliveries.waitFor(lock.id, [broken], 'failed');
    expect(room.deliveries.reasons.get(`${lock.id}/${broken}`)).toBe('KIOSK_UNAVAILABLE');
  });

  it('takes the outcome from the ack when a seat already has it, with no separate report', async () => {
    const { room, state } = await startedClassroom();
    room.seats[0]!.resultInAck = true;
    room.seats[1]!.resultInAck = true;
    room.seats[1]!.failWith = 'NO_BROWSER';
    const push = command(state.sessionId, { kind: 'pushSite', url: 'https://edu.az/' });
    await ok(room.teacher, 'lab:command', push);
    const [quick, broken, slow] = room.pcs.map((pc) => pc.id);
    await room.deliveries.waitFor(push.id, [quick!, slow!], 'applied');
    await room.deliveries.waitFor(push.id, [broken!], 'failed');
    expect(room.deliveries.statuses(push.id, quick!)).toEqual(['delivered', 'applied']);
    expect(room.deliveries.reasons.get(`${push.id}/${broken}`)).toBe('NO_BROWSER');
  });

  it('applies the same command id once, answering the same result to a retry and to a concurrent duplicate', async () => {
    const { room, state } = await startedClassroom();
    const lock = command(state.sessionId, { kind: 'lock' });
    const [a, b] = await Promise.all([ok(room.teacher, 'lab:command', lock), ok(room.teacher, 'lab:command', lock)]);
    await room.deliveries.waitFor(lock.id, room.pcs.map((pc) => pc.id), 'applied');
    const retry = await ok(room.teacher, 'lab:command', { ...lock, message: 'changed my mind' });
    expect(b).toEqual(a);
    expect(retry).toEqual(a);
    for (const seat of room.seats) expect(seat.commands.filter((c) => c.commandId === lock.id)).toHaveLength(1);
    const stored = await server.app.store.selectFrom('lab_session_commands').select('command_id').where('command_id', '=', lock.id).execute();
    expect(stored).toHaveLength(1);
  });

  it("shows a raised hand in the teacher's seat updates, and lets the teacher lower it", async () => {
    const { room, state } = await startedClassroom();
    const seat = room.pcs[2]!.id;
    const raised = nextEvent<LabSeatUpdate>(room.teacher, 'lab:seat', (u) => u.seats.some((s) => s.deviceId === seat && s.handRaised));
    await ok(room.seats[2]!.socket, 'lab:hand', { sessionId: state.sessionId, raised: true });
    expect((await raised).seats.find((s) => s.deviceId === seat)?.student?.userId).toBe(room.students[2]);

    const lowered = nextEvent<LabSeatState>(room.seats[2]!.socket, 'lab:state', (s) => !s.handRaised);
    await ok(room.teacher, 'lab:hand', { sessionId: state.sessionId, raised: false, deviceId: seat });
    await lowered;
    const other = await call(room.seats[0]!.socket, 'lab:hand', { sessionId: state.sessionId, raised: false, deviceId: seat });
    expect(other).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('re-sends the full state with the lock to a seat that reconnects, and the teacher sees it go offline and back', async () => {
    const { room, state } = await startedClassroom();
    const lock = command(state.sessionId, { kind: 'lock', message: 'Dayanın' });
    await ok(room.teacher, 'lab:command', lock);
    await room.deliveries.waitFor(lock.id, room.pcs.map((pc) => pc.id), 'applied');

    const pc = room.pcs[0]!.id;
    const offline = nextEvent<LabSeatUpdate>(room.teacher, 'lab:seat', (u) => u.seats.some((s) => s.deviceId === pc && !s.online));
    room.seats[0]!.close();
    await offline;
    const online = nextEvent<LabSeatUpdate>(room.teacher, 'lab:seat', (u) => u.seats.some((s) => s.deviceId === pc && s.online));
    const back = await SeatClient.open(server.url, room.seatAuth[0]!);
    room.seats[0] = back;
    const resent = (back.lastState ?? (await nextEvent(back.socket, 'lab:state'))) as LabSeatState;
    expect(resent.directives.lock).toEqual({ mode: 'lock', message: 'Dayanın' });
    await online;
    // Restarting the app is the same as reconnecting: joining again answers the same state.
    const rejoined = await ok<LabSeatState>(back.socket, 'lab:join', { labId: room.labId });
    expect(rejoined.directives.lock?.mode).toBe('lock');
  });

  it('sends lab:ended to every seat and teacher when the session ends, and the lab can start again', async () => {
    const { room, state } = await startedClassroom();
    const ended = room.seats.map((seat) => nextEvent<{ reason: string }>(seat.socket, 'lab:ended'));
    expect(await ok(room.teacher, 'lab:end', { sessionId: state.sessionId })).toEqual({ ended: true });
    expect((await Promise.all(ended)).map((e) => e.reason)).toEqual(['ended', 'ended', 'ended']);
    expect(await call(room.teacher, 'lab:command', command(state.sessionId, { kind: 'lock' }))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const again = await ok<LabTeacherState>(room.teacher, 'lab:start', { labId: room.labId });
    expect(again.sessionId).not.toBe(state.sessionId);
  });
});
