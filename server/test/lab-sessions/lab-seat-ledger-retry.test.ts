/**
 * The seat ledger writes hands and deliveries in batches, at most once a
 * second. A batch the store refuses (a full disk, a locked file) is not
 * dropped: the next flush writes it. The store really refuses here: the
 * connection is switched to query_only, so every write fails in SQLite.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabSeatState, LabTeacherState } from '@sinif/shared';
import { withStoreSqlite } from '../../src/db/store.ts';
import { seatLedgerDb } from '../../src/lab-sessions/lab-seat-ledger.ts';
import { startTempServer, tempDataDir, type TempServer } from '../support/temp-server.ts';
import { seedIdentity } from '../support/identity-fixture.ts';
import { openClassroom } from '../support/lab-classroom.ts';
import { nextEvent, ok } from '../support/lab-sockets.ts';

const dataDir = tempDataDir();
let server: TempServer | undefined;
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('seat ledger', () => {
  it('writes a batch the store refused with the next flush', async () => {
    server = await startTempServer({ seedDemo: false }, dataDir);
    const store = server.app.store;
    const labs = server.app.realtime!.labs;
    const fx = await seedIdentity(store);
    const room = await openClassroom(fx, server.url, 1);
    const joined = nextEvent<LabSeatState>(room.seats[0]!.socket, 'lab:state');
    const state = await ok<LabTeacherState>(room.teacher, 'lab:start', { labId: room.labId });
    await joined;
    await ok(room.seats[0]!.socket, 'lab:hand', { sessionId: state.sessionId, raised: true });

    const storedHand = async () =>
      (await seatLedgerDb(store).selectFrom('lab_session_seats').select('hand_raised').where('session_id', '=', state.sessionId).executeTakeFirst())?.hand_raised;
    await withStoreSqlite(store, (sqlite) => sqlite.pragma('query_only = ON'));
    await labs.ledger.flush(); // refused by SQLite: logged, kept
    expect(await storedHand()).toBeUndefined();
    await withStoreSqlite(store, (sqlite) => sqlite.pragma('query_only = OFF'));

    await labs.ledger.flush();
    expect(await storedHand()).toBe(1);
    for (const seat of room.seats) seat.socket.disconnect();
    room.teacher.disconnect();
  });
});
