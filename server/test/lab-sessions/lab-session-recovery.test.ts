import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabCommandResult, LabSeatState, LabTeacherState } from '@sinif/shared';
import { upsertLesson } from '../../src/catalog/catalog-writer.ts';
import { startTempServer, tempDataDir, type TempServer } from '../support/temp-server.ts';
import { seedIdentity } from '../support/identity-fixture.ts';
import { openClassroom } from '../support/lab-classroom.ts';
import { SeatClient, call, nextEvent, ok, openSocket } from '../support/lab-sockets.ts';

const dataDir = tempDataDir();
const running: TempServer[] = [];
afterAll(async () => {
  for (const server of running) await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(port = 0): Promise<TempServer> {
  const server = await startTempServer({ seedDemo: false, port }, dataDir);
  running.push(server);
  return server;
}

/** Resolves with the first `lab:state` (after `from` states already seen) whose directives satisfy `accept`. */
async function stateWhere(seat: SeatClient, accept: (state: LabSeatState) => boolean, from: number): Promise<LabSeatState> {
  const seen = seat.states.slice(from).find((s) => s.view === 'seat' && accept(s));
  if (seen) return seen as LabSeatState;
  return nextEvent<LabSeatState>(seat.socket, 'lab:state', accept, 5000);
}

describe('lab session recovery', () => {
  it('re-locks and re-pushes every seat after a server restart on the same data, and keeps command ids applied once', async () => {
    const first = await start();
    const fx = await seedIdentity(first.app.store);
    await upsertLesson(first.app.store, { id: 'lesson-planets', title: 'Planetlər', description: '', subject: 'Təbiət', grade: 4, language: 'az', resources: [] });
    const room = await openClassroom(fx, first.url);
    // The seats are the desktop app: they reconnect on their own.
    for (const seat of room.seats) seat.close();
    const seats = await Promise.all(room.seatAuth.map((auth) => SeatClient.open(first.url, auth, { reconnection: true })));
    const state = await ok<LabTeacherState>(room.teacher, 'lab:start', { labId: room.labId });
    const lock = { sessionId: state.sessionId, id: randomUUID(), kind: 'lock', targets: 'all', message: 'Test vaxtı' };
    const lockResult = await ok<LabCommandResult>(room.teacher, 'lab:command', lock);
    const push = { sessionId: state.sessionId, id: randomUUID(), kind: 'pushLesson', targets: 'all', lessonId: 'lesson-planets' };
    await ok(room.teacher, 'lab:command', push);
    await room.deliveries.waitFor(push.id, room.pcs.map((pc) => pc.id), 'applied');
    await ok(seats[1]!.socket, 'lab:chat', { sessionId: state.sessionId, to: 'class', text: 'Salam!' });

    const seen = seats.map((seat) => seat.states.length);
    const port = first.port;
    await first.close();
    const second = await start(port);

    // Each seat reconnects by itself and is told the full state again.
    const restored = await Promise.all(seats.map((seat, i) => stateWhere(seat, (s) => s.directives.lock !== null, seen[i]!)));
    for (const s of restored) {
      expect(s).toMatchObject({ sessionId: state.sessionId, directives: { lock: { mode: 'lock', message: 'Test vaxtı' }, lessonId: 'lesson-planets' } });
      expect(s.chat.map((m) => m.text)).toEqual(['Salam!']);
    }

    // The teacher comes back to the same session; a retried command is still applied once.
    const teacher = await openSocket(second.url, { token: room.teacherToken });
    const view = await ok<LabTeacherState>(teacher, 'lab:join', { labId: room.labId });
    expect(view.sessionId).toBe(state.sessionId);
    expect(view.seats.every((s) => s.online && s.directives.lock?.mode === 'lock')).toBe(true);
    const commandsBefore = seats.map((seat) => seat.commands.length);
    expect(await ok(teacher, 'lab:command', lock)).toEqual(lockResult);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seats.map((seat) => seat.commands.length)).toEqual(commandsBefore);

    for (const seat of seats) seat.close();
    teacher.disconnect();
    room.close();
    await second.close();
  });

  it('ends a session whose teachers stay away past the timeout, returning every seat to normal', async () => {
    const server = await startTempServer({ seedDemo: false });
    running.push(server);
    const fx = await seedIdentity(server.app.store);
    server.app.realtime!.labs.options.teacherAbsenceMs = 150;
    const room = await openClassroom(fx, server.url, 2);
    const state = await ok<LabTeacherState>(room.teacher, 'lab:start', { labId: room.labId });
    const ended = room.seats.map((seat) => nextEvent<{ reason: string }>(seat.socket, 'lab:ended', () => true, 3000));
    // A blip shorter than the timeout ends nothing.
    room.teacher.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const back = await openSocket(server.url, { token: room.teacherToken });
    await ok(back, 'lab:join', { labId: room.labId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await call(back, 'lab:watch', { sessionId: state.sessionId, on: false })).toMatchObject({ ok: true });
    back.disconnect();
    expect((await Promise.all(ended)).map((e) => e.reason)).toEqual(['teacherAbsent', 'teacherAbsent']);
    const row = await server.app.store.selectFrom('lab_sessions').selectAll().where('id', '=', state.sessionId).executeTakeFirstOrThrow();
    expect(row.end_reason).toBe('teacherAbsent');
    room.close();
    await server.dispose();
  });
});
