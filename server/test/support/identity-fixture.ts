/**
 * An organisation to test identity against: region R1 with schools A and B,
 * region R2 with school C, a lab in each, and one person per role, all
 * holding their role in school A. Rows are inserted directly (one shared
 * password hash) so fixtures cost no scrypt; sessions are minted directly.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@sinif/shared';
import type { StoreDb } from '../../src/db/store.ts';
import { hashPassword, hashToken, newToken } from '../../src/auth/secrets.ts';
import { openSession } from '../../src/auth/sessions.ts';
import { hashEnrolmentCode } from '../../src/devices/enrolment.ts';

export const FIXTURE_PASSWORD = 'fixture-password-1';
export const schools = { A: { id: 'school-a', regionId: 'region-1', labId: 'lab-a' }, B: { id: 'school-b', regionId: 'region-1', labId: 'lab-b' }, C: { id: 'school-c', regionId: 'region-2', labId: 'lab-c' } } as const;
export type SchoolKey = keyof typeof schools;
export const roles: readonly Role[] = ['region_admin', 'school_it_admin', 'teacher', 'student'];

export interface IdentityFixture {
  db: StoreDb;
  passwordHash: string;
  /** User id per role (all in school A). */
  actors: Record<Role, string>;
  session(userId: string, deviceId?: string | null): Promise<string>;
  user(school: SchoolKey, role?: Role): Promise<{ id: string; username: string }>;
  device(school: SchoolKey): Promise<{ id: string; token: string }>;
  schoolClass(school: SchoolKey): Promise<string>;
  enrolmentCode(school: SchoolKey): Promise<{ id: string; code: string }>;
}

let counter = 0;
export const unique = (prefix: string): string => `${prefix}${Date.now().toString(36)}${(counter += 1)}`;

export async function seedIdentity(db: StoreDb): Promise<IdentityFixture> {
  const passwordHash = await hashPassword(FIXTURE_PASSWORD);
  await db.insertInto('regions').values([{ id: 'region-1', name: 'Bakı' }, { id: 'region-2', name: 'Gəncə' }]).execute();
  for (const school of Object.values(schools)) {
    await db.insertInto('schools').values({ id: school.id, region_id: school.regionId, name: `Məktəb ${school.id}` }).execute();
    await db.insertInto('labs').values({ id: school.labId, school_id: school.id, name: `Lab ${school.id}` }).execute();
  }
  const now = new Date().toISOString();
  const user: IdentityFixture['user'] = async (school, role = 'student') => {
    const id = randomUUID();
    const username = unique(role.replace('_', '').slice(0, 6));
    await db
      .insertInto('users')
      .values({ id, school_id: schools[school].id, username, display_name: `Şagird ${username}`, password_hash: passwordHash, created_at: now, disabled_at: null })
      .execute();
    await db.insertInto('user_roles').values({ user_id: id, role, school_id: schools[school].id }).execute();
    return { id, username };
  };
  const actors = {} as Record<Role, string>;
  for (const role of roles) actors[role] = (await user('A', role)).id;

  return {
    db,
    passwordHash,
    actors,
    user,
    session: async (userId, deviceId = null) => (await openSession(db, userId, deviceId, 1)).token,
    async device(school) {
      const id = randomUUID();
      const token = newToken();
      await db
        .insertInto('devices')
        .values({ id, lab_id: schools[school].labId, seat_name: unique('PC-'), token_hash: hashToken(token), os: 'Linux', app_version: '0.1.0', enrolled_at: now, last_seen_at: null, revoked_at: null })
        .execute();
      return { id, token };
    },
    async schoolClass(school) {
      const id = randomUUID();
      await db.insertInto('classes').values({ id, school_id: schools[school].id, name: unique('5A-'), created_at: now }).execute();
      return id;
    },
    async enrolmentCode(school) {
      const id = randomUUID();
      const code = unique('CODE-').toUpperCase();
      await db
        .insertInto('enrolment_codes')
        .values({ id, lab_id: schools[school].labId, code_hash: hashEnrolmentCode(code), expires_at: '2100-01-01T00:00:00.000Z', max_uses: 5, created_at: now })
        .execute();
      return { id, code };
    },
  };
}
