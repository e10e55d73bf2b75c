import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabSeatState, LabTeacherState } from '@sinif/shared';
import { startTempServer, type TempServer } from '../support/temp-server.ts';
import { seedIdentity, type IdentityFixture } from '../support/identity-fixture.ts';
import { openClassroom } from '../support/lab-classroom.ts';
import { SeatClient, nextEvent, ok } from '../support/lab-sockets.ts';

let server: TempServer;
let fx: IdentityFixture;
beforeAll(async () => {
  server = await startTempServer({ seedDemo: false });
  fx = await seedIdentity(server.app.store);
});
afterAll(async () => {
  await server.dispose();
});

describe('seats by class', () => {
  it("shows each signed-in student's classes on the seat map, so a command can go to one class's seats only", async () => {
    const room = await openClassroom(fx, server.url, 3);
    const [sevenA, sevenB] = [await fx.schoolClass('A'), await fx.schoolClass('A')];
    await fx.db
      .insertInto('class_members')
      .values([
        { class_id: sevenA, user_id: room.students[0]!, role: 'student' },
        { class_id: sevenA, user_id: room.students[1]!, role: 'student' },
        { class_id: sevenB, user_id: room.students[2]!, role: 'student' },
        // A teacher's membership is not a student's class.
        { class_id: sevenB, user_id: room.students[0]!, role: 'teacher' },
      ])
      .execute();
    // Classes are read when a PC connects: the PCs (re)connect after the roster changed.
    for (const seat of room.seats) seat.close();
    const seats = await Promise.all(room.seatAuth.map((auth) => SeatClient.open(server.url, auth)));
    const joined = seats.map((seat) => nextEvent<LabSeatState>(seat.socket, 'lab:state'));
    const started = await ok<LabTeacherState>(room.teacher, 'lab:start', { labId: room.labId, classId: sevenA });
    await Promise.all(joined);
    expect(started.classId).toBe(sevenA);

    const map = await ok<LabTeacherState>(room.teacher, 'lab:join', { labId: room.labId });
    expect(map.seats.map((s) => s.studentClassIds)).toEqual([[sevenA], [sevenA], [sevenB]]);
    const ofSevenA = map.seats.filter((s) => s.studentClassIds?.includes(sevenA)).map((s) => s.deviceId);
    const lock = { sessionId: started.sessionId, id: randomUUID(), kind: 'lock', targets: ofSevenA };
    await ok(room.teacher, 'lab:command', lock);
    await room.deliveries.waitFor(lock.id, ofSevenA, 'applied');
    expect(seats.map((seat) => seat.commands.length)).toEqual([1, 1, 0]);

    for (const seat of seats) seat.close();
    room.close();
  });
});
