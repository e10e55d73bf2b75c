/** Rows for lab-session tests: a fresh lab in a school, with enrolled PCs. */
import { randomUUID } from 'node:crypto';
import type { StoreDb } from '../../src/db/store.ts';
import { hashToken, newToken } from '../../src/auth/secrets.ts';
import { schools, unique, type SchoolKey } from './identity-fixture.ts';

export async function newLab(db: StoreDb, school: SchoolKey): Promise<string> {
  const id = randomUUID();
  await db.insertInto('labs').values({ id, school_id: schools[school].id, name: unique('Lab ') }).execute();
  return id;
}

export async function newPc(db: StoreDb, labId: string, seatName = unique('PC-')): Promise<{ id: string; token: string }> {
  const id = randomUUID();
  const token = newToken();
  await db
    .insertInto('devices')
    .values({ id, lab_id: labId, seat_name: seatName, token_hash: hashToken(token), os: 'Linux', app_version: '0.2.0', enrolled_at: new Date().toISOString(), last_seen_at: null, revoked_at: null })
    .execute();
  return { id, token };
}
