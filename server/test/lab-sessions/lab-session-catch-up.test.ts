// What a seat or a teacher missed comes back: a teacher's message sent while
// a seat was offline, chat, a co-teacher's ask to join (across restarts), a
// hand raised while a reconnect's answers are in flight, and a class change
// made by IT during the session.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SEAT_MESSAGES_KEPT, type LabCoTeacherList, type LabHandResult, type LabSeatState, type LabSeatUpdate, type LabTeacherState } from '@sinif/shared';
import type { PersistedLabState } from '../../src/lab-sessions/lab-session.ts';
import type { TempServer } from '../support/temp-server.ts';
import { bearer, postJson } from '../support/temp-server.ts';
import { seedIdentity, type IdentityFixture } from '../support/identity-fixture.ts';
import { openClassroom, startLabSession, type Classroom } from '../support/lab-classroom.ts';
import { SeatClient, nextEvent, ok, openSocket } from '../support/lab-sockets.ts';
import { serverRestarts, type ServerRestarts } from '../support/server-restarts.ts';

const dataDirs: ServerRestarts[] = [];
afterAll(async () => {
  for (const servers of dataDirs) await servers.dispose();
});

/** A server on a data dir of its own (a restart keeps it), with the identity rows; `fx` works until the first restart. */
async function freshServer(): Promise<{ servers: ServerRestarts; server: TempServer; fx: IdentityFixture }> {
  const servers = serverRestarts();
  dataDirs.push(servers);
  const server = await servers.start();
  return { servers, server, fx: await seedIdentity(server.app.store) };
}

async function storedState(server: TempServer, sessionId: string): Promise<PersistedLabState> {
  await server.app.realtime!.labs.ledger.flush();
  const row = await server.app.store.selectFrom('lab_sessions').select('state').where('id', '=', sessionId).executeTakeFirstOrThrow();
  return JSON.parse(row.state) as PersistedLabState;
}

/** Closes a seat's socket and waits until the teacher's map shows it offline. */
async function goOffline(room: Classroom, index: number): Promise<void> {
  const deviceId = room.pcs[index]!.id;
  const gone = nextEvent<LabSeatUpdate>(room.teacher, 'lab:seat', (u) => u.seats.some((s) => s.deviceId === deviceId && !s.online));
  room.seats[index]!.close();
  await gone;
}

const message = (sessionId: string, text: string) => ({ sessionId, id: randomUUID(), kind: 'message', targets: 'all', text });

describe('what a seat missed', () => {
  it("shows a seat the teacher's newest messages and the chat it missed while offline, after a restart too, until it reports each", async () => {
    const { servers, server: first, fx } = await freshServer();
    const room = await openClassroom(fx, first.url, 2);
    const state = await startLabSession(room);
    const [present, away] = room.pcs.map((pc) => pc.id) as [string, string];
    await goOffline(room, 1);

    const sent = ['Salam', 'Kitabı açın', 'Səhifə 12', 'Tapşırıq 3'].map((text) => message(state.sessionId, text));
    for (const command of sent) await ok(room.teacher, 'lab:command', command);
    const last = sent.at(-1)!;
    await room.deliveries.waitFor(last.id, [present], 'applied');
    expect(room.deliveries.statuses(last.id, away)).toEqual(['offline']);
    await ok(room.teacher, 'lab:chat', { sessionId: state.sessionId, to: 'class', text: 'Hamıya' });
    await ok(room.teacher, 'lab:chat', { sessionId: state.sessionId, to: { deviceId: away }, text: 'Yalnız sənə' });

    const newest = sent.slice(-SEAT_MESSAGES_KEPT).map((c) => c.text);
    const back = await SeatClient.open(first.url, room.seatAuth[1]!);
    const returned = await ok<LabSeatState>(back.socket, 'lab:join', { labId: room.labId });
    expect(returned.messages?.map((m) => m.text)).toEqual(newest);
    expect(returned.chat.map((m) => m.text)).toEqual(['Hamıya', 'Yalnız sənə']);
    // The seat that was there acked each message as it came: it is owed none.
    expect((await ok<LabSeatState>(room.seats[0]!.socket, 'lab:join', { labId: room.labId })).messages).toEqual([]);
    back.close();

    // Owed messages are stored with their commands; acks reach the store with the ledger (a shutdown flushes it).
    room.close();
    const second = await servers.restart(first);
    const teacher = await openSocket(second.url, { token: room.teacherToken });
    await ok(teacher, 'lab:join', { labId: room.labId });
    const afterRestart = await SeatClient.open(second.url, room.seatAuth[1]!);
    const owed = await ok<LabSeatState>(afterRestart.socket, 'lab:join', { labId: room.labId });
    expect(owed.messages?.map((m) => m.text)).toEqual(newest);
    expect(owed.chat.map((m) => m.text)).toEqual(['Hamıya', 'Yalnız sənə']);
    const stayed = await SeatClient.open(second.url, room.seatAuth[0]!);
    expect((await ok<LabSeatState>(stayed.socket, 'lab:join', { labId: room.labId })).messages).toEqual([]);

    // The seat shows them and reports each applied, as it would a live message: the teacher sees it arrive, and it is owed no more.
    const applied = nextEvent<{ commandId: string; seats: { deviceId: string; status: string }[] }>(teacher, 'lab:delivery', (d) => d.commandId === last.id);
    for (const m of owed.messages!) await ok(afterRestart.socket, 'lab:commandResult', { sessionId: state.sessionId, commandId: m.commandId, status: 'applied' });
    expect((await applied).seats).toEqual([{ deviceId: away, commandId: last.id, status: 'applied', reason: null }]);
    expect((await ok<LabSeatState>(afterRestart.socket, 'lab:join', { labId: room.labId })).messages).toEqual([]);
    expect((await storedState(second, state.sessionId)).messages).toEqual({});

    for (const socket of [afterRestart, stayed]) socket.close();
    teacher.disconnect();
    await second.close();
  });
});

describe("a co-teacher's ask to join", () => {
  it('is still open after a server restart, and closed for good once the asker is invited', async () => {
    const { servers, server: first, fx } = await freshServer();
    const room = await openClassroom(fx, first.url, 1);
    const state = await startLabSession(room);
    const colleague = await fx.user('A', 'teacher');
    const asking = await openSocket(first.url, { token: await fx.session(colleague.id) });
    expect(await ok(asking, 'lab:askToJoin', { sessionId: state.sessionId })).toEqual({ asked: true, alreadyTeacher: false });
    asking.disconnect();
    room.close();

    const second = await servers.restart(first);
    const teacher = await openSocket(second.url, { token: room.teacherToken });
    const view = await ok<LabTeacherState>(teacher, 'lab:join', { labId: room.labId });
    expect(view.joinAsks).toEqual([{ userId: colleague.id, displayName: expect.any(String), at: expect.any(String) }]);
    const { teachers } = await ok<LabCoTeacherList>(teacher, 'lab:coTeachers', { sessionId: state.sessionId });
    expect(teachers[0]).toMatchObject({ userId: colleague.id, asked: true });

    expect((await ok<LabTeacherState>(teacher, 'lab:invite', { sessionId: state.sessionId, userId: colleague.id })).joinAsks).toEqual([]);
    expect((await storedState(second, state.sessionId)).joinAsks).toEqual([]);
    teacher.disconnect();
    await second.close();
  });
});

describe("a seat's own hand", () => {
  it("is a step of the seat's revision: whatever order a reconnect's answers arrive in, the newest says the hand is up, as the teacher's map does", async () => {
    const { server, fx } = await freshServer();
    const room = await openClassroom(fx, server.url, 1);
    const state = await startLabSession(room);
    const deviceId = room.pcs[0]!.id;
    room.seats[0]!.close();
    const seat = await SeatClient.open(server.url, room.seatAuth[0]!);
    // The PC is back (the server sent its state); its join and the student's raise now cross.
    await (seat.states.length > 0 ? Promise.resolve() : nextEvent(seat.socket, 'lab:state'));
    const raisedOnMap = nextEvent<LabSeatUpdate>(room.teacher, 'lab:seat', (u) => u.seats.some((s) => s.deviceId === deviceId && s.handRaised));
    const [joined, raised] = await Promise.all([
      ok<LabSeatState>(seat.socket, 'lab:join', { labId: room.labId }),
      ok<LabHandResult>(seat.socket, 'lab:hand', { sessionId: state.sessionId, raised: true }),
    ]);
    await raisedOnMap;

    const words = [...(seat.states as LabSeatState[]), joined].map((s) => ({ revision: s.revision ?? 0, handRaised: s.handRaised }));
    words.push({ revision: raised.revision!, handRaised: true });
    const newest = Math.max(...words.map((w) => w.revision));
    expect(words.filter((w) => w.revision === newest).every((w) => w.handRaised)).toBe(true);
    // Every word that says the hand is down is older than the raise.
    expect(words.filter((w) => !w.handRaised).every((w) => w.revision < raised.revision!)).toBe(true);
    const map = await ok<LabTeacherState>(room.teacher, 'lab:join', { labId: room.labId });
    expect(map.seats.find((s) => s.deviceId === deviceId)?.handRaised).toBe(true);
    // Raising a raised hand changes nothing: no new step.
    expect(await ok(seat.socket, 'lab:hand', { sessionId: state.sessionId, raised: true })).toEqual({});

    seat.close();
    room.close();
    await server.close();
  });
});

describe('a class change during the session', () => {
  it("refreshes the classes of a student signed in at a lab PC on the teacher's map, without a reconnect", async () => {
    const { server, fx } = await freshServer();
    const room = await openClassroom(fx, server.url, 2);
    await startLabSession(room);
    const sevenB = await fx.schoolClass('A');
    const [moved, other] = room.pcs.map((pc) => pc.id) as [string, string];
    const heard = nextEvent<LabSeatUpdate>(room.teacher, 'lab:seat', (u) => u.seats.some((s) => s.deviceId === moved && s.studentClassIds?.includes(sevenB)));

    const admin = await fx.session(fx.actors.school_it_admin);
    const response = await postJson(`${server.url}/api/v1/admin/classes/${sevenB}/members`, { members: [{ userId: room.students[0]!, role: 'student' }] }, bearer(admin));
    expect(response.status).toBe(200);
    expect((await heard).seats.map((s) => s.deviceId)).toEqual([moved]);
    const map = await ok<LabTeacherState>(room.teacher, 'lab:join', { labId: room.labId });
    expect(map.seats.find((s) => s.deviceId === moved)?.studentClassIds).toEqual([sevenB]);
    expect(map.seats.find((s) => s.deviceId === other)?.studentClassIds).toEqual([]);

    room.close();
    await server.close();
  });
});
