import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapError } from '../../src/http/error-replies.ts';
import { bearer, signIn, startTempServer, postJson, type TempServer } from '../support/temp-server.ts';

let server: TempServer;
beforeAll(async () => {
  server = await startTempServer({ bodyLimitBytes: 2048 });
});
afterAll(async () => {
  await server.dispose();
});

async function expectError(response: Response, status: number, code: string): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error.message;
}

const countDevices = async (): Promise<number> =>
  Number((await server.app.store.selectFrom('devices').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('error replies', () => {
  const enrolUrl = () => `${server.url}/api/v1/devices/enrol`;

  it('answers malformed JSON with 400 INVALID_JSON and enrols nothing', async () => {
    const response = await fetch(enrolUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code": "DEMO-' });
    await expectError(response, 400, 'INVALID_JSON');
    expect(await countDevices()).toBe(0);
  });

  it('answers a body of another content type with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await fetch(enrolUrl(), { method: 'POST', headers: { 'content-type': type }, body: 'code=DEMO-LAB1' });
      await expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    expect(await countDevices()).toBe(0);
  });

  it('answers an oversized body with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await postJson(enrolUrl(), { code: 'DEMO-LAB1', seatName: 'x'.repeat(4000) });
    await expectError(response, 413, 'PAYLOAD_TOO_LARGE');
    expect(await countDevices()).toBe(0);
  });

  it('answers a schema failure with 400 INVALID_BODY naming the field', async () => {
    const missing = await expectError(await postJson(enrolUrl(), { code: 'DEMO-LAB1' }), 400, 'INVALID_BODY');
    expect(missing).toContain('seatName');
    const extra = await expectError(await postJson(enrolUrl(), { code: 'DEMO-LAB1', seatName: 'PC-1', admin: true }), 400, 'INVALID_BODY');
    expect(extra).toContain('admin');
    const tooShort = await expectError(await postJson(enrolUrl(), { code: 'D', seatName: 'PC-1' }), 400, 'INVALID_BODY');
    expect(tooShort).toContain('code');
    expect(await countDevices()).toBe(0);
  });

  it('answers an unknown route with 404 NOT_FOUND', async () => {
    await expectError(await fetch(`${server.url}/api/v1/nothing-here`), 404, 'NOT_FOUND');
    await expectError(await postJson(`${server.url}/health`, {}), 404, 'NOT_FOUND');
  });

  it('answers a malformed query with 400 BAD_REQUEST', async () => {
    const token = await signIn(server, 'student1');
    const response = await fetch(`${server.url}/api/v1/catalog/changes?after=abc`, { headers: bearer(token) });
    await expectError(response, 400, 'BAD_REQUEST');
  });

  it('judges who is calling before the input: an anonymous malformed query gets 401, not a schema description', async () => {
    const response = await fetch(`${server.url}/api/v1/catalog/changes?after=abc`);
    await expectError(response, 401, 'UNAUTHENTICATED');
  });
});

describe('unexpected errors', () => {
  it('become 500 INTERNAL with a generic message that leaks nothing', () => {
    const mapped = mapError(new Error('SQLITE_CORRUPT: /srv/data/sinif.db page 7'));
    expect(mapped.status).toBe(500);
    expect(mapped.code).toBe('INTERNAL');
    expect(mapped.message).not.toMatch(/SQLITE|sinif\.db/);
  });
});
