import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabSeatState, LabSeatUpdate, LabTeacherState } from '@sinif/shared';
import { seatLedgerDb } from '../../src/lab-sessions/lab-seat-ledger.ts';
import { startTempServer, tempDataDir, type TempServer } from '../support/temp-server.ts';
import { seedIdentity } from '../support/identity-fixture.ts';
import { openClassroom } from '../support/lab-classroom.ts';
import { SeatClient, nextEvent, ok, openSocket } from '../support/lab-sockets.ts';

const dataDir = tempDataDir();
const running: TempServer[] = [];
afterAll(async () => {
  for (const server of running) await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<TempServer> {
  const server = await startTempServer({ seedDemo: false }, dataDir);
  running.push(server);
  return server;
}

describe('seat hands and deliveries across a server restart', () => {
  it("keeps raised hands, refused-site counts, each seat's progress on the last command and each seat's revision", async () => {
    const first = await start();
    const fx = await seedIdentity(first.app.store);
    const room = await openClassroom(fx, first.url, 3);
    const joined = room.seats.map((seat) => nextEvent<LabSeatState>(seat.socket, 'lab:state'));
    const state = await ok<LabTeacherState>(room.teacher, 'lab:start', { labId: room.labId });
    await Promise.all(joined);
    const [handUp, failing, away] = room.pcs.map((pc) => pc.id) as [string, string, string];

    await ok(room.seats[0]!.socket, 'lab:hand', { sessionId: state.sessionId, raised: true });
    const allowlist = { sessionId: state.sessionId, id: randomUUID(), kind: 'setAllowlist', targets: [handUp], hostnames: ['*.wikipedia.org'] };
    await ok(room.teacher, 'lab:command', allowlist);
    await room.deliveries.waitFor(allowlist.id, [handUp], 'applied');
    const refused = { sessionId: state.sessionId, host: 'games.example', at: new Date().toISOString() };
    expect(await ok(room.seats[0]!.socket, 'lab:blockedSite', refused)).toEqual({ counted: true });
    room.seats[1]!.failWith = 'KIOSK_UNAVAILABLE';
    const gone = nextEvent<LabSeatUpdate>(room.teacher, 'lab:seat', (u) => u.seats.some((s) => s.deviceId === room.pcs[2]!.id && !s.online));
    room.seats[2]!.close();
    await gone; // the server heard the third PC go
    const lock = { sessionId: state.sessionId, id: randomUUID(), kind: 'lock', targets: 'all' };
    await ok(room.teacher, 'lab:command', lock);
    await room.deliveries.waitFor(lock.id, [handUp], 'applied');
    await room.deliveries.waitFor(lock.id, [failing], 'failed');
    room.close();
    await first.close();

    const second = await start();
    const teacher = await openSocket(second.url, { token: room.teacherToken });
    const map = await ok<LabTeacherState>(teacher, 'lab:join', { labId: room.labId });
    const seat = (id: string) => map.seats.find((s) => s.deviceId === id)!;
    expect(seat(handUp)).toMatchObject({
      handRaised: true,
      lastDelivery: { commandId: lock.id, status: 'applied' },
      blockedSites: 1,
      lastBlockedSite: { host: 'games.example' },
    });
    expect(seat(failing)).toMatchObject({ handRaised: false, lastDelivery: { commandId: lock.id, status: 'failed', reason: 'KIOSK_UNAVAILABLE' } });
    expect(seat(away).lastDelivery).toMatchObject({ commandId: lock.id, status: 'offline' });

    // The PC that was away comes back: its state carries the lock (now delivered) at the stored revision.
    const back = await SeatClient.open(second.url, room.seatAuth[2]!);
    const resent = await ok<LabSeatState>(back.socket, 'lab:join', { labId: room.labId });
    expect(resent).toMatchObject({ revision: 1, directives: { lock: { mode: 'lock' } } });
    const returned = await ok<LabTeacherState>(teacher, 'lab:join', { labId: room.labId });
    expect(returned.seats.find((s) => s.deviceId === away)?.lastDelivery).toMatchObject({ status: 'delivered', reason: 'STATE_RESENT' });
    // Revisions go on from the stored ones, never back to 1.
    const unlock = { sessionId: state.sessionId, id: randomUUID(), kind: 'unlock', targets: [away] };
    const heard = nextEvent(back.socket, 'lab:command');
    await ok(teacher, 'lab:command', unlock);
    await heard;
    expect(back.commands.map((c) => c.revision)).toEqual([2]);
    expect(seat(failing).blockedSites ?? 0).toBe(0);

    // Ending the session drops its seat rows: nothing is left to restore.
    const stored = () => seatLedgerDb(second.app.store).selectFrom('lab_session_seats').select('device_id').where('session_id', '=', state.sessionId).execute();
    expect((await stored()).length).toBeGreaterThan(0);
    expect(await ok(teacher, 'lab:end', { sessionId: state.sessionId })).toEqual({ ended: true });
    expect(await stored()).toEqual([]);

    back.close();
    teacher.disconnect();
    await second.close();
  });
});
