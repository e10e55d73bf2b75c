import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LabChatMessage, LabSeatState, LabSeatUpdate, LabTeacherState, LabThumbnail } from '@sinif/shared';
import { bearer, startTempServer, type TempServer } from '../support/temp-server.ts';
import { seedIdentity, type IdentityFixture } from '../support/identity-fixture.ts';
import { openClassroom, startLabSession, type Classroom } from '../support/lab-classroom.ts';
import { call, nextEvent, ok, openSocket } from '../support/lab-sockets.ts';

let server: TempServer;
let fx: IdentityFixture;
let room: Classroom;
beforeAll(async () => {
  server = await startTempServer({ seedDemo: false });
  fx = await seedIdentity(server.app.store);
});
afterEach(() => room?.close());
afterAll(async () => {
  await server.dispose();
});

async function startedClassroom(): Promise<LabTeacherState> {
  room = await openClassroom(fx, server.url);
  return startLabSession(room);
}

/** Every `lab:chat` each socket hears, to check who got what. */
function chatLog(sockets: { on(event: string, listener: (m: LabChatMessage) => void): unknown }[]): string[][] {
  const heard = sockets.map(() => [] as string[]);
  sockets.forEach((socket, i) => socket.on('lab:chat', (m: LabChatMessage) => heard[i]!.push(m.text)));
  return heard;
}

const frame = (fill: number) => ({ mime: 'image/jpeg', width: 320, height: 180, frame: new Uint8Array(12_000).fill(fill) });

describe('lab session chat', () => {
  it('reaches only its audience: teacher → class, student → teachers, teacher → one seat', async () => {
    const state = await startedClassroom();
    const [teacher, s1, s2, s3] = chatLog([room.teacher, ...room.seats.map((s) => s.socket)]);
    await ok(room.teacher, 'lab:chat', { sessionId: state.sessionId, to: 'class', text: 'Hamıya salam' });
    await ok(room.seats[0]!.socket, 'lab:chat', { sessionId: state.sessionId, to: 'teachers', text: 'Müəllim, kömək edin' });
    await ok(room.teacher, 'lab:chat', { sessionId: state.sessionId, to: { deviceId: room.pcs[0]!.id }, text: 'Gəlirəm' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(teacher).toEqual(['Hamıya salam', 'Müəllim, kömək edin', 'Gəlirəm']);
    expect(s1).toEqual(['Hamıya salam', 'Müəllim, kömək edin', 'Gəlirəm']);
    expect([s2, s3]).toEqual([['Hamıya salam'], ['Hamıya salam']]);
    const toOther = await call(room.seats[1]!.socket, 'lab:chat', { sessionId: state.sessionId, to: { deviceId: room.pcs[0]!.id }, text: 'psst' });
    expect(toOther).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A seat's state (what it sees after a reconnect) holds only the messages it may see.
    const rejoined = await ok<LabSeatState>(room.seats[1]!.socket, 'lab:join', { labId: room.labId });
    expect(rejoined.chat.map((m) => m.text)).toEqual(['Hamıya salam']);
  });
});

describe('lab session thumbnails', () => {
  it('tells seats to send frames only while a teacher watches, relays them, and shows a new watcher the last frames', async () => {
    const state = await startedClassroom();
    const seat = room.seats[0]!.socket;
    expect(await ok(seat, 'lab:thumbnail', { sessionId: state.sessionId, ...frame(1) })).toEqual({ relayed: false });

    const watchOn = room.seats.map((s) => nextEvent<{ on: boolean }>(s.socket, 'lab:watch'));
    await ok(room.teacher, 'lab:watch', { sessionId: state.sessionId, on: true });
    expect((await Promise.all(watchOn)).map((w) => w.on)).toEqual([true, true, true]);
    const relayed = nextEvent<LabThumbnail>(room.teacher, 'lab:thumbnail');
    expect(await ok(seat, 'lab:thumbnail', { sessionId: state.sessionId, ...frame(2) })).toEqual({ relayed: true });
    const got = await relayed;
    expect([got.deviceId, got.mime, got.frame.byteLength, new Uint8Array(got.frame)[0]]).toEqual([room.pcs[0]!.id, 'image/jpeg', 12_000, 2]);

    // A co-teacher opening the grid gets the latest frame at once; the seat resends nothing.
    const colleague = await fx.user('A', 'teacher');
    await ok(room.teacher, 'lab:invite', { sessionId: state.sessionId, userId: colleague.id });
    const second = await openSocket(server.url, { token: await fx.session(colleague.id) });
    await ok(second, 'lab:join', { labId: room.labId });
    const cached = nextEvent<LabThumbnail>(second, 'lab:thumbnail');
    await ok(second, 'lab:watch', { sessionId: state.sessionId, on: true });
    expect((await cached).deviceId).toBe(room.pcs[0]!.id);

    await ok(second, 'lab:watch', { sessionId: state.sessionId, on: false });
    const watchOff = nextEvent<{ on: boolean }>(seat, 'lab:watch');
    room.teacher.disconnect(); // leaving the grid by leaving altogether counts too
    expect((await watchOff).on).toBe(false);
    expect(await ok(seat, 'lab:thumbnail', { sessionId: state.sessionId, ...frame(3) })).toEqual({ relayed: false });
    second.disconnect();
  });
});

describe('seat layout', () => {
  it("lets IT staff place the lab's PCs, moving a running session's seat map, and refuses a PC of another lab", async () => {
    await startedClassroom();
    const admin = await fx.session(fx.actors.school_it_admin);
    const moved = nextEvent<LabSeatUpdate>(room.teacher, 'lab:seat', (u) => u.seats.some((s) => s.x === 300));
    const response = await fetch(`${server.url}/api/v1/admin/labs/${room.labId}/layout`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...bearer(admin) },
      body: JSON.stringify({ seats: [{ deviceId: room.pcs[0]!.id, x: 300, y: 80 }, { deviceId: room.pcs[1]!.id, x: 400, y: 80 }] }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { seats: unknown[] }).seats).toEqual([
      { deviceId: room.pcs[0]!.id, x: 300, y: 80 },
      { deviceId: room.pcs[1]!.id, x: 400, y: 80 },
    ]);
    expect((await moved).seats.find((s) => s.x === 300)?.deviceId).toBe(room.pcs[0]!.id);

    const elsewhere = await fx.device('A');
    const refused = await fetch(`${server.url}/api/v1/admin/labs/${room.labId}/layout`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...bearer(admin) },
      body: JSON.stringify({ seats: [{ deviceId: elsewhere.id, x: 1, y: 1 }] }),
    });
    expect(refused.status).toBe(409);
  });
});
