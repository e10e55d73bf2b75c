import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, postJson, signIn, startTempServer, type TempServer } from '../support/temp-server.ts';
import { FIXTURE_PASSWORD, schools, seedIdentity, type IdentityFixture } from '../support/identity-fixture.ts';

let server: TempServer;
let fx: IdentityFixture;
let token: string;
beforeAll(async () => {
  server = await startTempServer({ seedDemo: false });
  fx = await seedIdentity(server.app.store);
  token = await fx.session(fx.actors.school_it_admin);
});
afterAll(async () => {
  await server.dispose();
});

const importCsv = (csv: string, extra: Record<string, unknown> = {}) =>
  postJson(`${server.url}/api/v1/admin/users/import`, { schoolId: schools.A.id, csv, ...extra }, bearer(token));
const userCount = async () => (await server.app.store.selectFrom('users').select('id').execute()).length;

interface Refusal {
  error: { code: string; message: string; details: { rows: { line: number; column?: string; message: string }[] } };
}

describe('CSV roster import', () => {
  it('imports Azerbaijani, Armenian and Cyrillic names from a BOM-prefixed file with quoted fields, once-only passwords', async () => {
    const classId = await fx.schoolClass('A');
    const csv = '\uFEFFusername,displayName\r\nSəbinə.Q,"Qasımova, Səbinə"\r\naram01,Արամ Պետրոսյան\r\nivan_p,"Иван ""Ваня"" Петров"\r\n';
    const response = await importCsv(csv, { classId });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { imported: { line: number; username: string; displayName: string; initialPassword: string }[] };
    expect(body.imported.map((s) => [s.line, s.username, s.displayName])).toEqual([
      [2, 'səbinə.q', 'Qasımova, Səbinə'],
      [3, 'aram01', 'Արամ Պետրոսյան'],
      [4, 'ivan_p', 'Иван "Ваня" Петров'],
    ]);
    for (const s of body.imported) expect(s.initialPassword).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);

    // The initial password works (typed with a capital letter), and the client is told to change it.
    const signedIn = await postJson(`${server.url}/api/v1/auth/sign-in`, { username: 'Səbinə.Q', password: body.imported[0]!.initialPassword });
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toMatchObject({ user: { roles: ['student'], schoolId: schools.A.id }, mustChangePassword: true });
    const members = await fetch(`${server.url}/api/v1/admin/classes/${classId}/members`, { headers: bearer(token) });
    expect(((await members.json()) as { members: unknown[] }).members).toHaveLength(3);
    const stored = await server.app.store.selectFrom('users').select('password_hash').where('username', '=', 'aram01').executeTakeFirstOrThrow();
    expect(stored.password_hash).not.toContain(body.imported[1]!.initialPassword);
  });

  it('imports nothing when one row is bad, a username repeats in the file or is taken, and reports each by line', async () => {
    const before = await userCount();
    const csv = ['username,display_name', 'leyla1,Leyla', 'bad name!,X', 'leyla1,Leyla again', 'aram01,Taken', 'ok2,"Two', 'lines"', 'short,'].join('\n');
    const response = await importCsv(csv);
    expect(response.status).toBe(422);
    const body = (await response.json()) as Refusal;
    expect(body.error.code).toBe('CSV_INVALID');
    expect(body.error.details.rows.map((r) => [r.line, r.column])).toEqual([
      [3, 'username'],
      [4, 'username'],
      [5, 'username'],
      [8, 'displayName'],
    ]);
    expect(body.error.details.rows[1]!.message).toContain('line 2');
    expect(body.error.details.rows[2]!.message).toContain('already taken');
    expect(await userCount()).toBe(before);
  });

  it('refuses a file with unknown columns, a broken quote or only a header, importing nothing', async () => {
    const before = await userCount();
    for (const csv of ['username,displayName,password\nx1,X,secret', 'username,displayName\n"x1,X', 'username,displayName\n']) {
      const response = await importCsv(csv);
      expect(response.status).toBe(422);
      expect(((await response.json()) as Refusal).error.code).toBe('CSV_INVALID');
    }
    expect(await userCount()).toBe(before);
  });

  it('is refused to a teacher and to an IT admin of another school', async () => {
    const teacher = await fx.session(fx.actors.teacher);
    const asTeacher = await postJson(`${server.url}/api/v1/admin/users/import`, { schoolId: schools.A.id, csv: 'username,displayName\nzz1,Z' }, bearer(teacher));
    expect(asTeacher.status).toBe(403);
    const asAdminElsewhere = await postJson(`${server.url}/api/v1/admin/users/import`, { schoolId: schools.B.id, csv: 'username,displayName\nzz1,Z' }, bearer(token));
    expect(asAdminElsewhere.status).toBe(403);
  });

  it('signs in the fixture actors with their password (sanity of the fixture)', async () => {
    const username = (await server.app.store.selectFrom('users').select('username').where('id', '=', fx.actors.teacher).executeTakeFirstOrThrow()).username;
    expect(await signIn(server, username, FIXTURE_PASSWORD)).toBeTruthy();
  });
});
