/**
 * Rows for the classroom bench, written straight into a fresh store before
 * the server child opens it: one school, labs of 30 PCs, a student signed in
 * at every PC (one session each) and one teacher. Lab 0 is the teacher's.
 */
import type { Insertable } from 'kysely';
import { openStore } from '../../src/db/store.ts';
import type { DeviceTable, SessionRow, UserRoleRow, UserTable } from '../../src/db/schema.ts';
import { migrateStore } from '../../src/db/schema-version.ts';
import { hashToken, newToken } from '../../src/auth/secrets.ts';

export const SEATS_PER_LAB = 30;

export interface SeatLogin {
  token: string;
  deviceToken: string;
  /** In the teacher's lab (acts on commands). */
  inSession: boolean;
}

export interface SeededSchool {
  teacherToken: string;
  sessionLabId: string;
  seats: SeatLogin[];
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function seedSchool(dataDir: string, seatCount: number): Promise<SeededSchool> {
  const store = openStore(dataDir);
  try {
    await migrateStore(store.db);
    const db = store.db;
    const now = new Date().toISOString();
    const expires = new Date(Date.now() + 6 * 3_600_000).toISOString();
    await db.insertInto('regions').values({ id: 'r', name: 'Bench region' }).execute();
    await db.insertInto('schools').values({ id: 's', region_id: 'r', name: 'Bench school' }).execute();
    const labCount = Math.ceil(seatCount / SEATS_PER_LAB);
    await db.insertInto('labs').values(Array.from({ length: labCount }, (_, i) => ({ id: `lab-${i}`, school_id: 's', name: `Lab ${i}` }))).execute();

    const teacherToken = newToken();
    const seats: SeatLogin[] = [];
    const devices: Insertable<DeviceTable>[] = [];
    const users: Insertable<UserTable>[] = [];
    const roles: UserRoleRow[] = [];
    const sessions: SessionRow[] = [];
    for (let i = 0; i < seatCount; i += 1) {
      const deviceToken = newToken();
      const token = newToken();
      const lab = Math.floor(i / SEATS_PER_LAB);
      devices.push({ id: `pc-${i}`, lab_id: `lab-${lab}`, seat_name: `PC-${String(i % SEATS_PER_LAB).padStart(2, '0')}`, token_hash: hashToken(deviceToken), os: 'Windows 10', app_version: '0.2.0', enrolled_at: now, last_seen_at: null, revoked_at: null });
      users.push({ id: `student-${i}`, school_id: 's', username: `student${i}`, display_name: `Şagird ${i}`, password_hash: 'x', created_at: now, disabled_at: null });
      roles.push({ user_id: `student-${i}`, role: 'student', school_id: 's' });
      sessions.push({ id: `session-${i}`, user_id: `student-${i}`, device_id: `pc-${i}`, token_hash: hashToken(token), created_at: now, expires_at: expires, revoked_at: null });
      seats.push({ token, deviceToken, inSession: lab === 0 });
    }
    users.push({ id: 'teacher', school_id: 's', username: 'teacher', display_name: 'Aygün Məmmədova', password_hash: 'x', created_at: now, disabled_at: null });
    roles.push({ user_id: 'teacher', role: 'teacher', school_id: 's' });
    sessions.push({ id: 'session-teacher', user_id: 'teacher', device_id: null, token_hash: hashToken(teacherToken), created_at: now, expires_at: expires, revoked_at: null });
    await db.transaction().execute(async (trx) => {
      // 100 rows a statement keeps under SQLite's bound-parameter limit.
      for (const batch of chunks(devices, 100)) await trx.insertInto('devices').values(batch).execute();
      for (const batch of chunks(users, 100)) await trx.insertInto('users').values(batch).execute();
      for (const batch of chunks(roles, 100)) await trx.insertInto('user_roles').values(batch).execute();
      for (const batch of chunks(sessions, 100)) await trx.insertInto('sessions').values(batch).execute();
    });
    return { teacherToken, sessionLabId: 'lab-0', seats };
  } finally {
    await store.close();
  }
}
