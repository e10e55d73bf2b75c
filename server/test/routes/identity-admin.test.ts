import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { DEVICE_HEADER } from '@sinif/shared';
import { bearer, postJson, startTempServer, type TempServer } from '../support/temp-server.ts';
import { FIXTURE_PASSWORD, schools, seedIdentity, type IdentityFixture } from '../support/identity-fixture.ts';

let server: TempServer;
let fx: IdentityFixture;
let admin: Record<string, string>;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = await startTempServer({ seedDemo: false });
  fx = await seedIdentity(server.app.store);
  admin = bearer(await fx.session(fx.actors.school_it_admin));
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await server.dispose();
});

const url = (path: string) => `${server.url}${path}`;
const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;
const getJson = async <T>(path: string, headers = admin): Promise<T> => json<T>(await fetch(url(path), { headers }));
/** A POST without a body (and so without a content type). */
const postEmpty = (path: string, headers = admin) => fetch(url(path), { method: 'POST', headers });
const usernameOf = async (id: string) => (await server.app.store.selectFrom('users').select('username').where('id', '=', id).executeTakeFirstOrThrow()).username;

function openSocket(auth: Record<string, unknown>): Promise<Socket> {
  const socket = connect(server.url, { path: '/socket.io', auth, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}
const endedWith = (socket: Socket) =>
  new Promise<{ code: string; reason: string }>((resolve) => {
    let code = '';
    socket.on('session:ended', (payload: { code: string }) => (code = payload.code));
    socket.once('disconnect', (reason) => resolve({ code, reason }));
  });

describe('enrolment codes and the fleet', () => {
  it('makes a typable code that enrols a PC once per use, lists it hashed, and stops working when revoked', async () => {
    const made = await postJson(url('/api/v1/admin/enrolment-codes'), { labId: schools.A.labId, maxUses: 2, ttlHours: 1 }, admin);
    expect(made.status).toBe(201);
    const { code, info } = await json<{ code: string; info: { id: string; usable: boolean; uses: number } }>(made);
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(info).toMatchObject({ usable: true, uses: 0 });
    const stored = await server.app.store.selectFrom('enrolment_codes').select('code_hash').where('id', '=', info.id).executeTakeFirstOrThrow();
    expect(stored.code_hash).not.toContain(code);

    const enrolled = await postJson(url('/api/v1/devices/enrol'), { code: code.toLowerCase(), seatName: 'PC-07', os: 'Linux', appVersion: '0.1.0' });
    expect(enrolled.status).toBe(201);
    const listed = await getJson<{ codes: { id: string; uses: number }[] }>(`/api/v1/admin/enrolment-codes?schoolId=${schools.A.id}`);
    expect(listed.codes.find((c) => c.id === info.id)?.uses).toBe(1);

    const revoked = await postEmpty(`/api/v1/admin/enrolment-codes/${info.id}/revoke`);
    expect(await json(revoked)).toMatchObject({ usable: false });
    const refused = await postJson(url('/api/v1/devices/enrol'), { code, seatName: 'PC-08' });
    expect(refused.status).toBe(403);
    expect((await json<{ error: { code: string } }>(refused)).error.code).toBe('ENROLMENT_CODE_INVALID');
  });

  it('records what a PC reports and where it was last seen; lists, renames and moves it within its school only', async () => {
    const pc = await fx.device('A');
    const report = await postJson(url('/api/v1/devices/me/report'), { freeDiskBytes: 12_345_678_901, appVersion: '0.2.0', os: 'Windows 10' }, { [DEVICE_HEADER]: pc.token });
    expect(report.status).toBe(204);
    const list = await getJson<{ devices: Record<string, unknown>[] }>(`/api/v1/admin/devices?schoolId=${schools.A.id}&labId=${schools.A.labId}`);
    expect(list.devices.find((d) => d.deviceId === pc.id)).toMatchObject({
      freeDiskBytes: 12_345_678_901,
      appVersion: '0.2.0',
      os: 'Windows 10',
      lastAddress: expect.stringContaining('127.0.0.1'),
      lastSeenAt: expect.any(String),
    });

    const labB2 = 'lab-a2';
    await server.app.store.insertInto('labs').values({ id: labB2, school_id: schools.A.id, name: 'Lab A2' }).execute();
    const patch = (body: unknown, headers = admin) => fetch(url(`/api/v1/admin/devices/${pc.id}`), { method: 'PATCH', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(await json(await patch({ seatName: 'Ön sıra 1', labId: labB2 }))).toMatchObject({ seatName: 'Ön sıra 1', labId: labB2 });
    // Even a region admin, who reaches both schools, cannot move a PC across schools.
    const regionAdmin = bearer(await fx.session(fx.actors.region_admin));
    const across = await patch({ labId: schools.B.labId }, regionAdmin);
    expect(across.status).toBe(409);
  });

  it('revokes a PC: its open socket is told DEVICE_REVOKED and dropped, its sessions and token are refused', async () => {
    const pc = await fx.device('A');
    const token = await fx.session(fx.actors.student, pc.id);
    const socket = await openSocket({ token, deviceToken: pc.token });
    const ended = endedWith(socket);
    const revoke = await postEmpty(`/api/v1/admin/devices/${pc.id}/revoke`);
    expect(await json(revoke)).toMatchObject({ deviceId: pc.id, revokedAt: expect.any(String) });
    expect(await ended).toEqual({ code: 'DEVICE_REVOKED', reason: 'io server disconnect' });
    const after = await fetch(url('/api/v1/me'), { headers: bearer(token) });
    expect((await json<{ error: { code: string } }>(after)).error.code).toBe('DEVICE_REVOKED');
    const report = await postJson(url('/api/v1/devices/me/report'), {}, { [DEVICE_HEADER]: pc.token });
    expect(report.status).toBe(401);
  });
});

describe('people', () => {
  it('disabling a user ends their sessions and sockets at once; enabling lets them sign in again', async () => {
    const student = await fx.user('A');
    const token = await fx.session(student.id);
    const socket = await openSocket({ token });
    const ended = endedWith(socket);
    const disabled = await postEmpty(`/api/v1/admin/users/${student.id}/disable`);
    expect(await json(disabled)).toMatchObject({ disabled: true });
    expect(await ended).toEqual({ code: 'SESSION_REVOKED', reason: 'io server disconnect' });
    expect((await fetch(url('/api/v1/me'), { headers: bearer(token) })).status).toBe(401);
    const signIn = () => postJson(url('/api/v1/auth/sign-in'), { username: student.username, password: FIXTURE_PASSWORD });
    expect((await signIn()).status).toBe(401);
    await postEmpty(`/api/v1/admin/users/${student.id}/enable`);
    expect((await signIn()).status).toBe(200);
  });

  it('signs out everywhere: every session of the user ends', async () => {
    const teacher = await fx.user('A', 'teacher');
    const first = await fx.session(teacher.id);
    const second = await fx.session(teacher.id);
    const out = await postEmpty('/api/v1/auth/sign-out-everywhere', bearer(first));
    expect(await json(out)).toEqual({ sessionsEnded: 2 });
    expect((await fetch(url('/api/v1/me'), { headers: bearer(second) })).status).toBe(401);
  });

  it('creates users with a one-time password, but an IT admin may not mint a region admin or reset one', async () => {
    const created = await postJson(url('/api/v1/admin/users'), { schoolId: schools.A.id, username: 'Nərmin', displayName: 'Nərmin Əliyeva', roles: ['teacher'] }, admin);
    expect(created.status).toBe(201);
    const body = await json<{ user: { username: string; roles: string[] }; initialPassword: string }>(created);
    expect(body.user).toMatchObject({ username: 'nərmin', roles: ['teacher'] });
    const duplicate = await postJson(url('/api/v1/admin/users'), { schoolId: schools.A.id, username: 'NƏRMIN', displayName: 'X', roles: ['student'] }, admin);
    expect(duplicate.status).toBe(409);
    const escalate = await postJson(url('/api/v1/admin/users'), { schoolId: schools.A.id, username: 'boss', displayName: 'Boss', roles: ['region_admin'] }, admin);
    expect(escalate.status, await escalate.clone().text()).toBe(403);
    const reset = await postEmpty(`/api/v1/admin/users/${fx.actors.region_admin}/password-reset`);
    expect(reset.status).toBe(403);
  });

  it('resets a password: old sessions end, the new one-time password signs in and asks for a change', async () => {
    const student = await fx.user('A');
    const old = await fx.session(student.id);
    const reset = await json<{ initialPassword: string }>(await postEmpty(`/api/v1/admin/users/${student.id}/password-reset`));
    expect((await fetch(url('/api/v1/me'), { headers: bearer(old) })).status).toBe(401);
    const signedIn = await json<{ token: string; mustChangePassword: boolean }>(
      await postJson(url('/api/v1/auth/sign-in'), { username: student.username, password: reset.initialPassword }),
    );
    expect(signedIn.mustChangePassword).toBe(true);
    const change = await postJson(url('/api/v1/me/password'), { currentPassword: reset.initialPassword, newPassword: 'my own secret' }, bearer(signedIn.token));
    expect(change.status).toBe(204);
    expect(await getJson(`/api/v1/me`, bearer(signedIn.token))).toMatchObject({ mustChangePassword: false });
  });

  it('creates classes and adds only people of the same school', async () => {
    const made = await json<{ id: string }>(await postJson(url('/api/v1/admin/classes'), { schoolId: schools.A.id, name: '9Ç' }, admin));
    const twice = await postJson(url('/api/v1/admin/classes'), { schoolId: schools.A.id, name: '9Ç' }, admin);
    expect(twice.status).toBe(409);
    const ours = await fx.user('A');
    const theirs = await fx.user('B');
    const add = (userId: string) => postJson(url(`/api/v1/admin/classes/${made.id}/members`), { members: [{ userId, role: 'student' }] }, admin);
    expect((await add(ours.id)).status).toBe(200);
    expect((await add(theirs.id)).status).toBe(409);
    const classes = await getJson<{ classes: { id: string; studentCount: number }[] }>(`/api/v1/admin/classes?schoolId=${schools.A.id}`);
    expect(classes.classes.find((c) => c.id === made.id)?.studentCount).toBe(1);
  });
});

describe('audit log', () => {
  it('records admin actions and failed sign-ins with actor, school and address, newest first, paged by before', async () => {
    const victim = await usernameOf(fx.actors.teacher);
    await postJson(url('/api/v1/auth/sign-in'), { username: victim, password: 'wrong password' });
    const page = await getJson<{ events: { id: number; action: string; actorUserId: string | null; ip: string; detail: Record<string, unknown> }[]; nextBefore?: number }>(
      `/api/v1/admin/audit?schoolId=${schools.A.id}&limit=3`,
    );
    expect(page.events).toHaveLength(3);
    expect(page.events[0]).toMatchObject({ action: 'auth.signInFailed', detail: { reason: 'wrongPassword' }, ip: expect.stringContaining('127.0.0.1') });
    expect(JSON.stringify(page.events)).not.toContain('wrong password');
    const older = await getJson<{ events: { id: number; actorUserId: string | null }[] }>(`/api/v1/admin/audit?schoolId=${schools.A.id}&limit=50&before=${page.nextBefore}`);
    expect(older.events[0]!.id).toBeLessThan(page.events[2]!.id);
    const actions = new Set([...page.events, ...older.events].map((e) => (e as { action?: string }).action));
    for (const action of ['enrolmentCode.create', 'device.revoke', 'user.disable', 'user.create', 'class.create']) expect(actions).toContain(action);
  });
});

describe('OpenAPI', () => {
  it('serves the API description publicly, built from the shared schemas', async () => {
    const doc = await json<{ openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> }; security?: unknown }>> }>(
      await fetch(url('/api/v1/openapi.json')),
    );
    expect(doc.openapi).toMatch(/^3\./);
    const create = doc.paths['/api/v1/admin/users/']?.post;
    expect(Object.keys(create?.requestBody?.content['application/json']?.schema.properties ?? {})).toEqual(
      expect.arrayContaining(['schoolId', 'username', 'displayName', 'roles']),
    );
    expect(create?.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/v1/auth/sign-in']?.post).toBeDefined();
  });
});
