/**
 * Throws random and malformed bodies, queries and path ids at every route,
 * signed in as the broadest admin (so requests get past the guard and reach
 * validation and the handlers): no 5xx, the server keeps answering, and the
 * stored data is byte-for-byte unchanged.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { TSchema } from 'typebox';
import { DEVICE_HEADER, checker } from '@sinif/shared';
import { bearer, startTempServer, type TempServer } from '../support/temp-server.ts';
import { seedIdentity, type IdentityFixture } from '../support/identity-fixture.ts';
import { deviceRoutes, publicRoutes, routeCases, routeKey, send, type BuiltRequest } from '../support/route-cases.ts';

const RUNS = 12;

let server: TempServer;
let fx: IdentityFixture;
let headers: Record<string, string>;
const targets: { key: string; request: BuiltRequest; body?: TSchema; query?: TSchema }[] = [];

async function storeChecksum(): Promise<string> {
  const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(server.app.store);
  const hash = createHash('sha256');
  for (const { name } of tables.rows) {
    const rows = await sql.raw(`SELECT * FROM "${name}" ORDER BY rowid`).execute(server.app.store).catch(() => sql.raw(`SELECT * FROM "${name}"`).execute(server.app.store));
    hash.update(name).update(JSON.stringify(rows.rows));
  }
  return hash.digest('hex');
}

beforeAll(async () => {
  server = await startTempServer({ seedDemo: false });
  fx = await seedIdentity(server.app.store);
  const pc = await fx.device('A');
  headers = { ...bearer(await fx.session(fx.actors.region_admin)), [DEVICE_HEADER]: pc.token };
  const schemas = new Map(server.app.guardedRoutes.map((r) => [routeKey(r.method, r.url), r]));
  const publicRequests: Record<string, BuiltRequest> = {
    'GET /health': { method: 'GET', url: '/health' },
    'POST /api/v1/devices/enrol': { method: 'POST', url: '/api/v1/devices/enrol' },
    'POST /api/v1/auth/sign-in': { method: 'POST', url: '/api/v1/auth/sign-in' },
    'GET /api/v1/openapi.json': { method: 'GET', url: '/api/v1/openapi.json' },
  };
  expect(Object.keys(publicRequests).sort()).toEqual([...publicRoutes].sort());
  const all: [string, BuiltRequest][] = [
    ...(await Promise.all(Object.entries(routeCases).map(async ([key, c]) => [key, await c.build(fx, 'A')] as [string, BuiltRequest]))),
    ...Object.entries(publicRequests),
    ...Object.keys(deviceRoutes).map((key) => [key, { method: key.split(' ')[0]!, url: key.split(' ')[1]! }] as [string, BuiltRequest]),
  ];
  for (const [key, request] of all) {
    const route = schemas.get(key);
    targets.push({ key, request, body: route?.body as TSchema | undefined, query: route?.querystring as TSchema | undefined });
  }
});
afterAll(async () => {
  await server.dispose();
});

const jsonish = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom('schoolId', 'labId', 'username', 'password', 'code', 'csv', 'name', 'roles', 'members', 'seatName', 'regionId', 'newPassword'), fc.anything({ maxDepth: 2 })),
);
const queryish = fc.dictionary(fc.constantFrom('schoolId', 'regionId', 'labId', 'limit', 'before', 'after', 'x'), fc.oneof(fc.string(), fc.integer().map(String), fc.constant('')));

function isFine(status: number): boolean {
  return status >= 200 && status < 500;
}

describe('malformed input at every route', () => {
  it('never answers 5xx and never changes stored data', async () => {
    // The PC's once-a-minute last-seen write happens now, not during the run.
    expect((await send(server.url, { method: 'GET', url: '/api/v1/me' }, headers)).status).toBe(200);
    // So does the first feed read's one-time build of the school's library view (a coerced query can reach it).
    expect((await send(server.url, { method: 'GET', url: '/api/v1/catalog/changes' }, headers)).status).toBe(200);
    // And the lab's peer secret, made on its first read.
    expect((await send(server.url, { method: 'GET', url: '/api/v1/devices/me/lab-peers' }, headers)).status).toBe(200);
    const before = await storeChecksum();
    for (const target of targets) {
      const { request } = target;
      const bodyCheck = target.body ? checker(target.body) : undefined;
      if (bodyCheck) {
        await fc.assert(
          fc.asyncProperty(jsonish, async (body) => {
            fc.pre(!bodyCheck.check(body));
            const response = await send(server.url, { ...request, body: body === undefined ? null : body }, headers);
            expect(isFine(response.status), `${target.key} ${response.status} ${JSON.stringify(body)}`).toBe(true);
          }),
          { numRuns: RUNS },
        );
        await fc.assert(
          fc.asyncProperty(fc.string({ maxLength: 200 }), async (raw) => {
            const response = await fetch(`${server.url}${request.url}`, { method: request.method, headers: { ...headers, 'content-type': 'application/json' }, body: raw });
            expect(isFine(response.status), `${target.key} raw ${response.status}`).toBe(true);
          }),
          { numRuns: RUNS },
        );
      }
      if (request.method === 'GET') {
        const queryCheck = target.query ? checker(target.query) : undefined;
        await fc.assert(
          fc.asyncProperty(queryish, async (query) => {
            fc.pre(!queryCheck?.check(query));
            const qs = new URLSearchParams(query).toString();
            const response = await send(server.url, { method: 'GET', url: `${request.url.split('?')[0]}?${qs}` }, headers);
            expect(isFine(response.status), `${target.key}?${qs} ${response.status}`).toBe(true);
          }),
          { numRuns: RUNS },
        );
      }
      if (/\/[0-9a-f-]{36}(\/|$)/.test(request.url)) {
        await fc.assert(
          fc.asyncProperty(fc.string({ minLength: 1, maxLength: 80 }), async (id) => {
            const url = request.url.replace(/[0-9a-f-]{36}/, encodeURIComponent(id));
            const response = await send(server.url, { method: request.method, url, body: bodyCheck ? {} : undefined }, headers);
            expect(isFine(response.status), `${target.key} id=${id} ${response.status}`).toBe(true);
          }),
          { numRuns: RUNS },
        );
      }
    }
    expect(await storeChecksum()).toBe(before);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    // Every route in one run: ~3 s alone, several times that next to other suites on 2 cores.
  }, 30_000);
});
