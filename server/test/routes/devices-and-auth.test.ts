import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_HEADER } from '@sinif/shared';
import { bearer, postJson, signIn, startTempServer, type TempServer } from '../support/temp-server.ts';

let server: TempServer;
beforeAll(async () => {
  server = await startTempServer();
});
afterAll(async () => {
  await server.dispose();
});

const enrol = (body: unknown) => postJson(`${server.url}/api/v1/devices/enrol`, body);
const signInResponse = (body: unknown, headers: Record<string, string> = {}) =>
  postJson(`${server.url}/api/v1/auth/sign-in`, body, headers);
const changes = (token: string) => fetch(`${server.url}/api/v1/catalog/changes`, { headers: bearer(token) });

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe('device enrolment', () => {
  it('enrols a PC with the demo code and stores only the token hash', async () => {
    const response = await enrol({ code: 'demo-lab1 ', seatName: 'PC-01', os: 'Windows 10', appVersion: '0.1.0' });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { deviceToken: string; seat: Record<string, string> };
    expect(body.seat).toMatchObject({ seatName: 'PC-01', labName: 'Kompüter mərkəzi 1', schoolName: 'Demo məktəb №1', schoolId: 'demo-school' });
    expect(Buffer.from(body.deviceToken, 'base64url')).toHaveLength(32);
    const row = await server.app.store.selectFrom('devices').selectAll().where('id', '=', body.seat.deviceId!).executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(body.deviceToken);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a wrong, expired or used-up code with 403 ENROLMENT_CODE_INVALID', async () => {
    expect(await errorCode(await enrol({ code: 'WRONG-CODE', seatName: 'PC-02' }))).toBe('ENROLMENT_CODE_INVALID');
    await server.app.store.updateTable('enrolment_codes').set({ uses: 30 }).execute();
    const usedUp = await enrol({ code: 'DEMO-LAB1', seatName: 'PC-02' });
    expect(usedUp.status).toBe(403);
    expect(await errorCode(usedUp)).toBe('ENROLMENT_CODE_INVALID');
    await server.app.store.updateTable('enrolment_codes').set({ uses: 1, expires_at: '2000-01-01T00:00:00.000Z' }).execute();
    expect(await errorCode(await enrol({ code: 'DEMO-LAB1', seatName: 'PC-02' }))).toBe('ENROLMENT_CODE_INVALID');
    await server.app.store.updateTable('enrolment_codes').set({ expires_at: '2100-01-01T00:00:00.000Z' }).execute();
  });
});

describe('sign-in and sign-out', () => {
  it('signs in a demo student and returns the user with roles and school', async () => {
    const response = await signInResponse({ username: 'student1', password: 'sinif-demo' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: string; expiresAt: string; user: Record<string, unknown> };
    expect(body.user).toMatchObject({ username: 'student1', roles: ['student'], schoolId: 'demo-school' });
    const hours = (Date.parse(body.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
  });

  it('answers a wrong password and an unknown user alike with 401 INVALID_CREDENTIALS', async () => {
    const wrong = await signInResponse({ username: 'student1', password: 'nope' });
    const unknown = await signInResponse({ username: 'nobody', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('records the device on the session when signed in on an enrolled PC', async () => {
    const enrolled = (await (await enrol({ code: 'DEMO-LAB1', seatName: 'PC-03' })).json()) as { deviceToken: string; seat: { deviceId: string } };
    const token = await signIn(server, 'student2', 'sinif-demo', { [DEVICE_HEADER]: enrolled.deviceToken });
    const sessions = await server.app.store.selectFrom('sessions').select('device_id').where('user_id', '=', 'demo-student-2').execute();
    expect(sessions.map((s) => s.device_id)).toEqual([enrolled.seat.deviceId]);

    // Revoking the PC ends its sessions and refuses new sign-ins from it.
    await server.app.store.updateTable('devices').set({ revoked_at: new Date().toISOString() }).where('id', '=', enrolled.seat.deviceId).execute();
    const refused = await changes(token);
    expect(refused.status).toBe(401);
    expect(await errorCode(refused)).toBe('DEVICE_REVOKED');
    const again = await signInResponse({ username: 'student2', password: 'sinif-demo' }, { [DEVICE_HEADER]: enrolled.deviceToken });
    expect(again.status).toBe(401);
    expect(await errorCode(again)).toBe('DEVICE_REVOKED');
  });

  it('refuses an unknown device token with 401 DEVICE_REVOKED', async () => {
    const response = await signInResponse({ username: 'student1', password: 'sinif-demo' }, { [DEVICE_HEADER]: 'not-a-device' });
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('DEVICE_REVOKED');
  });

  it('signs out with 204, after which the token is refused', async () => {
    const token = await signIn(server, 'teacher1');
    expect((await changes(token)).status).toBe(200);
    const out = await fetch(`${server.url}/api/v1/auth/sign-out`, { method: 'POST', headers: bearer(token) });
    expect(out.status).toBe(204);
    const after = await changes(token);
    expect(after.status).toBe(401);
    expect(await errorCode(after)).toBe('UNAUTHENTICATED');
  });
});

describe('authentication', () => {
  it('refuses a request without a token, with a bad token and with an expired session', async () => {
    const none = await fetch(`${server.url}/api/v1/catalog/changes`);
    expect(none.status).toBe(401);
    expect(await errorCode(none)).toBe('UNAUTHENTICATED');
    expect(await errorCode(await changes('bad-token'))).toBe('UNAUTHENTICATED');
    const basic = await fetch(`${server.url}/api/v1/catalog/changes`, { headers: { authorization: 'Basic dTpw' } });
    expect(await errorCode(basic)).toBe('UNAUTHENTICATED');

    const token = await signIn(server, 'student3');
    await server.app.store.updateTable('sessions').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('user_id', '=', 'demo-student-3').execute();
    expect(await errorCode(await changes(token))).toBe('UNAUTHENTICATED');
  });

  it('refuses a role the permission matrix does not allow with 403 FORBIDDEN', async () => {
    const token = await signIn(server, 'student4');
    await server.app.store.updateTable('user_roles').set({ role: 'unknown_role' }).where('user_id', '=', 'demo-student-4').execute();
    const response = await changes(token);
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('FORBIDDEN');
  });
});

describe('sign-in throttling', () => {
  it('answers 429 TOO_MANY_REQUESTS with Retry-After and "try again in N s" once an account fails too often', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 10; i += 1) {
      last = await signInResponse({ username: 'nobody', password: 'guess' });
      if (last.status === 429) break;
    }
    expect(last?.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await last!.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('TOO_MANY_REQUESTS');
    expect(body.error.message).toMatch(/try again in \d+ s/);
  });
});
