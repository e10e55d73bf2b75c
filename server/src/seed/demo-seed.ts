/**
 * A demo school so a fresh install can be tried at once: one lab, an
 * enrolment code, a school IT admin, a teacher, five students and the demo
 * lesson library.
 * Runs only on an empty store; the fixed password is for demos only.
 */
import { resolve } from 'node:path';
import type { StoreDb } from '../db/store.ts';
import type { ContentStore } from '../content/content-store.ts';
import { hashPassword } from '../auth/secrets.ts';
import { hashEnrolmentCode } from '../devices/enrolment.ts';
import { importLibrary } from './library-import.ts';

export interface DemoSignIns {
  enrolmentCode: string;
  schoolName: string;
  labName: string;
  /** The school's IT admin: labs, enrolment codes, PCs, users. */
  itAdmin: { username: string; password: string };
  teacher: { username: string; password: string };
  students: { username: string; password: string }[];
}

export const DEMO_LIBRARY_DIR = resolve(import.meta.dirname, '..', '..', '..', 'resources', 'demo-library');

const DEMO = {
  regionId: 'demo-region',
  regionName: 'Bakı',
  schoolId: 'demo-school',
  schoolName: 'Demo məktəb №1',
  labId: 'demo-lab-1',
  labName: 'Kompüter mərkəzi 1',
  enrolmentCode: 'DEMO-LAB1',
  password: 'sinif-demo',
  itAdmin: { id: 'demo-it-admin-1', username: 'itadmin1', displayName: 'Rəşad Əliyev' },
  teacher: { id: 'demo-teacher-1', username: 'teacher1', displayName: 'Aygün Məmmədova' },
  students: [1, 2, 3, 4, 5].map((n) => ({ id: `demo-student-${n}`, username: `student${n}`, displayName: `Şagird ${n}` })),
};

export function demoSignIns(): DemoSignIns {
  return {
    enrolmentCode: DEMO.enrolmentCode,
    schoolName: DEMO.schoolName,
    labName: DEMO.labName,
    itAdmin: { username: DEMO.itAdmin.username, password: DEMO.password },
    teacher: { username: DEMO.teacher.username, password: DEMO.password },
    students: DEMO.students.map((s) => ({ username: s.username, password: DEMO.password })),
  };
}

export async function hasDemoSchool(db: StoreDb): Promise<boolean> {
  return (await db.selectFrom('schools').select('id').where('id', '=', DEMO.schoolId).executeTakeFirst()) !== undefined;
}

async function isEmptyStore(db: StoreDb): Promise<boolean> {
  const school = await db.selectFrom('schools').select('id').limit(1).executeTakeFirst();
  const lesson = await db.selectFrom('lessons').select('id').limit(1).executeTakeFirst();
  return !school && !lesson;
}

/** Seeds the demo into an empty store. Returns false (and does nothing) otherwise. */
export async function seedDemo(db: StoreDb, content: ContentStore, libraryDir = DEMO_LIBRARY_DIR, now = new Date()): Promise<boolean> {
  if (!(await isEmptyStore(db))) return false;
  const nowText = now.toISOString();
  const people = [
    { ...DEMO.itAdmin, role: 'school_it_admin' },
    { ...DEMO.teacher, role: 'teacher' },
    ...DEMO.students.map((s) => ({ ...s, role: 'student' })),
  ];
  const hashes = await Promise.all(people.map(() => hashPassword(DEMO.password)));

  await db.transaction().execute(async (trx) => {
    await trx.insertInto('regions').values({ id: DEMO.regionId, name: DEMO.regionName }).execute();
    await trx.insertInto('schools').values({ id: DEMO.schoolId, region_id: DEMO.regionId, name: DEMO.schoolName }).execute();
    await trx.insertInto('labs').values({ id: DEMO.labId, school_id: DEMO.schoolId, name: DEMO.labName }).execute();
    await trx
      .insertInto('enrolment_codes')
      .values({
        id: 'demo-code-1',
        lab_id: DEMO.labId,
        code_hash: hashEnrolmentCode(DEMO.enrolmentCode),
        expires_at: new Date(now.getTime() + 365 * 24 * 3_600_000).toISOString(),
        max_uses: 30,
        created_at: nowText,
      })
      .execute();
    for (const [i, person] of people.entries()) {
      await trx
        .insertInto('users')
        .values({
          id: person.id,
          school_id: DEMO.schoolId,
          username: person.username,
          display_name: person.displayName,
          password_hash: hashes[i] as string,
          created_at: nowText,
          disabled_at: null,
        })
        .execute();
      await trx.insertInto('user_roles').values({ user_id: person.id, role: person.role, school_id: DEMO.schoolId }).execute();
    }
  });
  await importLibrary(db, content, libraryDir);
  return true;
}
