import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/store.ts';
import { migrateStore } from '../../src/db/schema-version.ts';
import { seatLedgerDb } from '../../src/lab-sessions/lab-seat-ledger.ts';
import { tempDataDir } from '../support/temp-server.ts';

const open: { store: Store; dir: string }[] = [];
afterEach(async () => {
  for (const { store, dir } of open.splice(0)) {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const seatRow = (deviceId: string, fields: Record<string, unknown> = {}) => ({
  session_id: 'ls1',
  device_id: deviceId,
  hand_raised: 0,
  last_command_id: null,
  last_kind: null,
  last_status: null,
  last_reason: null,
  blocked_sites: 0,
  last_blocked_host: null,
  last_blocked_at: null,
  updated_at: 'now',
  ...fields,
});

describe('migration 0007-lab-session-hands', () => {
  it('adds per-seat hands and deliveries, keeps version-6 lab sessions, and drops the rows with their session', async () => {
    const dir = tempDataDir();
    const store = openStore(dir);
    open.push({ store, dir });
    await migrateStore(store.db, { target: '0006-lab-peers' });
    const db = store.db;
    await db.insertInto('regions').values({ id: 'r1', name: 'Bakı' }).execute();
    await db.insertInto('schools').values({ id: 's1', region_id: 'r1', name: 'Məktəb 1' }).execute();
    await db.insertInto('labs').values({ id: 'l1', school_id: 's1', name: 'Lab 1' }).execute();
    await db.insertInto('users').values({ id: 'u1', school_id: 's1', username: 'aygun', display_name: 'Aygün', password_hash: 'x', created_at: 'now', disabled_at: null }).execute();
    const state = JSON.stringify({ teachers: [], allDirectives: { lock: null, lessonId: null, siteUrl: null, allowlist: null }, seats: {} });
    await db
      .insertInto('lab_sessions')
      .values({ id: 'ls1', lab_id: 'l1', class_id: null, started_by: 'u1', started_at: 'now', ended_at: null, end_reason: null, state, updated_at: 'now' })
      .execute();

    expect(await migrateStore(store.db, { target: '0007-lab-session-hands' })).toBe(7);
    expect(await db.selectFrom('lab_sessions').select(['id', 'state']).execute()).toEqual([{ id: 'ls1', state }]);
    const seats = seatLedgerDb(db);
    await seats.insertInto('lab_session_seats').values(seatRow('d1', { hand_raised: 1 })).execute();
    await seats.insertInto('lab_session_seats').values(seatRow('d2', { last_command_id: 'c1', last_kind: 'lock', last_status: 'failed', last_reason: 'NO_ACK' })).execute();
    await expect(seats.insertInto('lab_session_seats').values(seatRow('d1')).execute()).rejects.toThrow(/UNIQUE|PRIMARY/);
    await expect(seats.insertInto('lab_session_seats').values(seatRow('d3', { last_status: 'lost' })).execute()).rejects.toThrow(/CHECK/);
    await expect(seats.insertInto('lab_session_seats').values(seatRow('d3', { hand_raised: 2 })).execute()).rejects.toThrow(/CHECK/);
    await expect(seats.insertInto('lab_session_seats').values(seatRow('d3', { blocked_sites: -1 })).execute()).rejects.toThrow(/CHECK/);
    await expect(seats.insertInto('lab_session_seats').values({ ...seatRow('d3'), session_id: 'nope' }).execute()).rejects.toThrow(/FOREIGN KEY/);

    await db.deleteFrom('lab_sessions').where('id', '=', 'ls1').execute();
    expect(await seats.selectFrom('lab_session_seats').selectAll().execute()).toEqual([]);
  });
});
