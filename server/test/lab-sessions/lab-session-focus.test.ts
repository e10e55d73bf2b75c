import { describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { LabFocusNotice, LabSeatState, LabTeacherState, LabThumbnail } from '@sinif/shared';
import { type Classroom } from '../support/lab-classroom.ts';
import { labSuite } from '../support/lab-suite.ts';
import { call, nextEvent, ok, openSocket } from '../support/lab-sockets.ts';

const lab = labSuite();
let room: Classroom;

const large = (fill: number) => ({ mime: 'image/jpeg', width: 960, height: 540, frame: new Uint8Array(120 * 1024).fill(fill) });
const small = (fill: number) => ({ mime: 'image/webp', width: 320, height: 180, frame: new Uint8Array(2048).fill(fill) });

/** Every event of `name` a socket hears, to assert on what did NOT arrive. */
function record<T>(socket: Socket, name: string): T[] {
  const heard: T[] = [];
  socket.on(name, (payload: T) => heard.push(payload));
  return heard;
}

/** The classroom's teacher and an invited co-teacher both watch the grid. */
async function watchedClassroom() {
  room = await lab.openClassroom(3);
  const joined = room.seats.map((seat) => nextEvent<LabSeatState>(seat.socket, 'lab:state'));
  const state = await ok<LabTeacherState>(room.teacher, 'lab:start', { labId: room.labId });
  await Promise.all(joined);
  const colleague = await lab.fx.user('A', 'teacher');
  await ok(room.teacher, 'lab:invite', { sessionId: state.sessionId, userId: colleague.id });
  const coTeacher = await openSocket(lab.server.url, { token: await lab.fx.session(colleague.id) });
  lab.track(coTeacher);
  await ok(coTeacher, 'lab:join', { labId: room.labId });
  const focusNotices = room.seats.map((seat) => record<LabFocusNotice>(seat.socket, 'lab:focus'));
  expect(await call(room.teacher, 'lab:focus', { sessionId: state.sessionId, deviceId: room.pcs[0]!.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  await ok(room.teacher, 'lab:watch', { sessionId: state.sessionId, on: true });
  await ok(coTeacher, 'lab:watch', { sessionId: state.sessionId, on: true });
  return { state, coTeacher, focusNotices };
}

describe('a seat opened large', () => {
  it('asks only that seat for large frames and relays them only to the teacher who opened it, while the grid goes on', async () => {
    const { state, coTeacher, focusNotices } = await watchedClassroom();
    const [first, second] = room.seats;
    const sessionId = state.sessionId;
    const teacherFocus = record<LabThumbnail>(room.teacher, 'lab:focusFrame');
    const coTeacherFocus = record<LabThumbnail>(coTeacher, 'lab:focusFrame');

    const on = nextEvent<LabFocusNotice>(first!.socket, 'lab:focus');
    await ok(room.teacher, 'lab:focus', { sessionId, deviceId: room.pcs[0]!.id });
    expect(await on).toEqual({ sessionId, on: true });
    expect((await ok<LabSeatState>(first!.socket, 'lab:join', { labId: room.labId })).focus).toBe(true);
    expect((await ok<LabSeatState>(second!.socket, 'lab:join', { labId: room.labId })).focus).toBe(false);

    const arrived = nextEvent<LabThumbnail>(room.teacher, 'lab:focusFrame');
    expect(await ok(first!.socket, 'lab:focusFrame', { sessionId, ...large(1) })).toEqual({ relayed: true });
    expect(await arrived).toMatchObject({ deviceId: room.pcs[0]!.id, width: 960, height: 540 });
    expect(await ok(second!.socket, 'lab:focusFrame', { sessionId, ...large(2) })).toEqual({ relayed: false });
    // The other seats' small frames still reach both watchers.
    const gridFrame = nextEvent<LabThumbnail>(coTeacher, 'lab:thumbnail', (f) => f.deviceId === room.pcs[1]!.id);
    expect(await ok(second!.socket, 'lab:thumbnail', { sessionId, ...small(3) })).toEqual({ relayed: true });
    await gridFrame;

    const off = nextEvent<LabFocusNotice>(first!.socket, 'lab:focus');
    await ok(room.teacher, 'lab:focus', { sessionId, deviceId: null });
    expect(await off).toEqual({ sessionId, on: false });
    expect(await ok(first!.socket, 'lab:focusFrame', { sessionId, ...large(4) })).toEqual({ relayed: false });

    expect(teacherFocus.map((f) => f.deviceId)).toEqual([room.pcs[0]!.id]);
    expect(coTeacherFocus).toEqual([]);
    expect(focusNotices[1]).toEqual([]);
    expect(focusNotices[2]).toEqual([]);
  });

  it('closes the large view when its teacher leaves the grid or disconnects, and refuses an oversized frame', async () => {
    const { state, coTeacher, focusNotices } = await watchedClassroom();
    const sessionId = state.sessionId;
    const first = room.seats[0]!.socket;
    const second = room.seats[1]!.socket;
    await ok(room.teacher, 'lab:focus', { sessionId, deviceId: room.pcs[0]!.id });
    await ok(coTeacher, 'lab:focus', { sessionId, deviceId: room.pcs[0]!.id });
    await ok(coTeacher, 'lab:focus', { sessionId, deviceId: room.pcs[1]!.id });
    // The first seat stays open for the teacher; only its leaving the grid closes it.
    const firstOff = nextEvent<LabFocusNotice>(first, 'lab:focus', (n) => !n.on);
    await ok(room.teacher, 'lab:watch', { sessionId, on: false });
    await firstOff;
    expect(focusNotices[0]!.map((n) => n.on)).toEqual([true, false]);

    const secondOff = nextEvent<LabFocusNotice>(second, 'lab:focus', (n) => !n.on);
    coTeacher.disconnect();
    await secondOff;
    expect(focusNotices[1]!.map((n) => n.on)).toEqual([true, false]);

    const oversized = { sessionId, mime: 'image/jpeg', width: 960, height: 540, frame: new Uint8Array(256 * 1024 + 1) };
    expect(await call(first, 'lab:focusFrame', oversized)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });
});
