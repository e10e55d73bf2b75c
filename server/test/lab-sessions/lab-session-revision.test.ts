import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LabCommandResult, LabSeatState, LabTeacherState } from '@sinif/shared';
import { startTempServer, type TempServer } from '../support/temp-server.ts';
import { seedIdentity, type IdentityFixture } from '../support/identity-fixture.ts';
import { openClassroom, type Classroom } from '../support/lab-classroom.ts';
import { nextEvent, ok } from '../support/lab-sockets.ts';

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

const command = (sessionId: string, targets: 'all' | string[], fields: Record<string, unknown>) => ({ sessionId, id: randomUUID(), targets, ...fields });

describe('seat revisions', () => {
  it("stamps every command to a seat one above that seat's last, and every state with the seat's current revision", async () => {
    room = await openClassroom(fx, server.url, 2);
    const joined = room.seats.map((seat) => nextEvent<LabSeatState>(seat.socket, 'lab:state'));
    const state = await ok<LabTeacherState>(room.teacher, 'lab:start', { labId: room.labId });
    expect((await Promise.all(joined)).map((s) => s.revision)).toEqual([0, 0]);
    const [first, second] = room.pcs.map((pc) => pc.id) as [string, string];

    const sent = [
      command(state.sessionId, 'all', { kind: 'lock' }),
      command(state.sessionId, [first], { kind: 'unlock' }),
      command(state.sessionId, 'all', { kind: 'message', text: 'Beş dəqiqə' }),
    ];
    for (const c of sent) await ok<LabCommandResult>(room.teacher, 'lab:command', c);
    await room.deliveries.waitFor(sent[2]!.id, [first, second], 'applied');
    expect(room.seats[0]!.commands.map((c) => c.revision)).toEqual([1, 2, 3]);
    expect(room.seats[1]!.commands.map((c) => c.revision)).toEqual([1, 2]);
    expect((await ok<LabSeatState>(room.seats[0]!.socket, 'lab:join', { labId: room.labId })).revision).toBe(3);

    // The seat's own raise is a step too (answered in the ack); a hand the teacher lowers is imposed on the seat: a new revision, sent as the full state.
    expect(await ok(room.seats[1]!.socket, 'lab:hand', { sessionId: state.sessionId, raised: true })).toEqual({ revision: 3 });
    const lowered = nextEvent<LabSeatState>(room.seats[1]!.socket, 'lab:state');
    await ok(room.teacher, 'lab:hand', { sessionId: state.sessionId, raised: false, deviceId: second });
    expect(await lowered).toMatchObject({ handRaised: false, revision: 4, directives: { lock: { mode: 'lock' } } });
  });
});
