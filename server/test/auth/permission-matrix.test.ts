/**
 * Walks every guarded REST route and socket event with every role, in and out
 * of scope, unauthenticated, with a revoked token, a revoked device and a
 * disabled account, and checks allowed/refused against the shared matrix.
 * Expectations are computed here from the matrix DATA (not through the
 * server's isPermitted), so a wrong scope rule in the server shows up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import { DEVICE_HEADER, actions, deviceActions, permissionMatrix, type Action, type Role } from '@sinif/shared';
import { startTempServer, bearer, type TempServer } from '../support/temp-server.ts';
import { roles, schools, seedIdentity, type IdentityFixture, type SchoolKey } from '../support/identity-fixture.ts';
import { deviceRoutes, publicRoutes, routeCases, routeKey, send, type RouteCase } from '../support/route-cases.ts';
import { socketCases } from '../support/socket-cases.ts';
import serverContext from '../../src/http/server-context.ts';
import authPlugin, { UnguardedRouteError } from '../../src/auth/auth-plugin.ts';
import { socketEvents } from '../../src/realtime/socket-events.ts';

let server: TempServer;
let fx: IdentityFixture;
beforeAll(async () => {
  server = await startTempServer({ seedDemo: false });
  fx = await seedIdentity(server.app.store);
});
afterAll(async () => {
  await server.dispose();
});

/** The actor's grant is in school A (region 1); B shares the region; C is in region 2. */
function expectedAllowed(action: Action, role: Role, target: RouteCase['target'], school: SchoolKey): boolean {
  const scope = permissionMatrix[action][role];
  if (scope === 'none') return false;
  if (scope === 'any') return true;
  switch (target) {
    case 'none':
      return true;
    case 'global':
      return false;
    case 'region':
    case 'school':
      if (scope === 'region') return schools[school].regionId === schools.A.regionId;
      return target === 'school' && school === 'A';
    default: {
      const never: never = target;
      return never;
    }
  }
}

async function errorCode(response: Response): Promise<string | undefined> {
  const text = await response.text();
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

const registered = () => server.app.guardedRoutes.filter((r) => r.method !== 'HEAD');

describe('route registry', () => {
  it('has a permission case for every guarded route and no case without a route', () => {
    const keys = new Set(registered().map((r) => routeKey(r.method, r.url)));
    const covered = new Set([...Object.keys(routeCases), ...publicRoutes, ...Object.keys(deviceRoutes)]);
    expect([...keys].filter((k) => !covered.has(k)), 'routes without a case in test/support/route-cases.ts').toEqual([]);
    expect([...covered].filter((k) => !keys.has(k)), 'cases without a route').toEqual([]);
  });

  it('pins each route to the action and kind its case expects', () => {
    for (const route of registered()) {
      const key = routeKey(route.method, route.url);
      if (publicRoutes.includes(key)) expect(route.kind, key).toBe('public');
      else if (deviceRoutes[key]) expect([route.kind, route.action], key).toEqual(['deviceAction', deviceRoutes[key].action]);
      else expect([route.kind, route.action, route.scoped], key).toEqual(['action', routeCases[key]!.action, routeCases[key]!.target !== 'none']);
    }
  });

  it('uses every matrix action on some route or socket event', () => {
    const used = new Set<string>([...registered().map((r) => r.action ?? ''), ...socketEvents.map((e) => e.action)]);
    expect([...actions, ...deviceActions].filter((a) => !used.has(a))).toEqual([]);
  });

  it('refuses to register a route that declares no guard, or an action outside the matrix', async () => {
    for (const config of [{}, { action: 'no.such.action' }, { public: true, action: 'me.read' }]) {
      const app = Fastify({ logger: false });
      await app.register(serverContext, { config: server.app.config, store: server.app.store, content: server.app.content, media: server.app.media });
      await app.register(authPlugin);
      const attempt = async (): Promise<void> => {
        app.get('/sneaky', { config: config as never }, async () => 'secret');
        await app.ready();
      };
      await expect(attempt()).rejects.toBeInstanceOf(UnguardedRouteError);
      await app.close();
    }
  });
});

describe.each(Object.entries(routeCases))('%s', (key, routeCase) => {
  const schoolsToTry: SchoolKey[] = routeCase.target === 'school' || routeCase.target === 'region' ? ['A', 'B', 'C'] : ['A'];

  it.each(roles.flatMap((role) => schoolsToTry.map((school) => [role, school] as const)))('as %s on school %s', async (role, school) => {
    const token = await fx.session(fx.actors[role]);
    const response = await send(server.url, await routeCase.build(fx, school), bearer(token));
    const allowed = expectedAllowed(routeCase.action, role, routeCase.target, school);
    if (allowed) {
      const status = response.status;
      if (routeCase.allowedStatus) expect(status, await response.text()).toBe(routeCase.allowedStatus);
      else expect(status >= 200 && status < 300, `${status} ${await response.text()}`).toBe(true);
    } else {
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe('FORBIDDEN');
    }
  });

  it('refuses a caller without a token, with a revoked token, on a revoked PC, or disabled', async () => {
    const request = await routeCase.build(fx, 'A');
    const none = await send(server.url, request);
    expect([none.status, await errorCode(none)]).toEqual([401, 'UNAUTHENTICATED']);

    const admin = fx.actors.region_admin;
    const revoked = await fx.session(admin);
    await server.app.store.updateTable('sessions').set({ revoked_at: new Date().toISOString() }).where('user_id', '=', admin).where('revoked_at', 'is', null).execute();
    const signedOut = await send(server.url, request, bearer(revoked));
    expect([signedOut.status, await errorCode(signedOut)]).toEqual([401, 'UNAUTHENTICATED']);

    const pc = await fx.device('A');
    const onPc = await fx.session(admin, pc.id);
    await server.app.store.updateTable('devices').set({ revoked_at: new Date().toISOString() }).where('id', '=', pc.id).execute();
    const pcGone = await send(server.url, request, bearer(onPc));
    expect([pcGone.status, await errorCode(pcGone)]).toEqual([401, 'DEVICE_REVOKED']);

    const live = await fx.session(admin);
    const otherPc = await fx.device('A');
    await server.app.store.updateTable('devices').set({ revoked_at: new Date().toISOString() }).where('id', '=', otherPc.id).execute();
    const headerGone = await send(server.url, request, { ...bearer(live), [DEVICE_HEADER]: otherPc.token });
    expect([headerGone.status, await errorCode(headerGone)]).toEqual([401, 'DEVICE_REVOKED']);

    const someone = await fx.user('A', 'region_admin');
    const theirs = await fx.session(someone.id);
    await server.app.store.updateTable('users').set({ disabled_at: new Date().toISOString() }).where('id', '=', someone.id).execute();
    const disabled = await send(server.url, request, bearer(theirs));
    expect([disabled.status, await errorCode(disabled)]).toEqual([401, 'UNAUTHENTICATED']);
  });
});

describe.each(Object.entries(deviceRoutes))('%s (device token)', (key, route) => {
  const [method, url] = key.split(' ') as [string, string];
  it('admits an enrolled PC, refuses no token, a session token alone and a revoked PC', async () => {
    const pc = await fx.device('A');
    const ok = await send(server.url, { method, url, body: route.body }, { [DEVICE_HEADER]: pc.token });
    expect(ok.status).toBe(route.status ?? 204);
    const none = await send(server.url, { method, url, body: route.body });
    expect([none.status, await errorCode(none)]).toEqual([401, 'UNAUTHENTICATED']);
    const person = await send(server.url, { method, url, body: route.body }, bearer(await fx.session(fx.actors.region_admin)));
    expect([person.status, await errorCode(person)]).toEqual([401, 'UNAUTHENTICATED']);
    await server.app.store.updateTable('devices').set({ revoked_at: new Date().toISOString() }).where('id', '=', pc.id).execute();
    const gone = await send(server.url, { method, url, body: route.body }, { [DEVICE_HEADER]: pc.token });
    expect([gone.status, await errorCode(gone)]).toEqual([401, 'DEVICE_REVOKED']);
  });
});

describe('socket events', () => {
  const sockets: Socket[] = [];
  afterAll(() => {
    for (const socket of sockets) socket.disconnect();
  });
  const open = (auth: Record<string, unknown>): Socket => {
    const socket = connect(server.url, { path: '/socket.io', auth, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    return socket;
  };
  const handshake = (socket: Socket) =>
    new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error) => resolve((error as Error & { data?: { code: string } }).data?.code ?? error.message));
    });

  it('has a case in test/support/socket-cases.ts for every socket event, pinned to its action', () => {
    expect(socketEvents.map((e) => e.event).sort()).toEqual(Object.keys(socketCases).sort());
    for (const spec of socketEvents) expect([spec.event, spec.action]).toEqual([spec.event, socketCases[spec.event]!.action]);
  });

  const socketMatrix = socketEvents.flatMap((spec) => {
    const schoolsToTry: SchoolKey[] = socketCases[spec.event]?.target === 'school' ? ['A', 'B', 'C'] : ['A'];
    return roles.flatMap((role) => schoolsToTry.map((school) => [spec.event, role, school] as const));
  });
  it.each(socketMatrix)('%s as %s on school %s follows the matrix', async (event, role, school) => {
    const socketCase = socketCases[event]!;
    const own: Socket[] = [];
    try {
      const built = await socketCase.build({ fx, url: server.url, school, actorId: fx.actors[role], sockets: own });
      const token = await fx.session(fx.actors[role], built.device?.id ?? null);
      const socket = open(built.device ? { token, deviceToken: built.device.token } : { token });
      expect(await handshake(socket)).toBe('connected');
      await built.before?.(socket);
      const answer = (await socket.timeout(2000).emitWithAck(event, built.payload)) as { ok: boolean; error?: { code: string; message: string } };
      const allowed = expectedAllowed(socketCase.action, role, socketCase.target, school);
      expect(answer.ok, JSON.stringify(answer.error)).toBe(allowed);
      if (!allowed) expect(answer.error?.code).toBe('FORBIDDEN');
      const malformed = (await socket.timeout(2000).emitWithAck(event, { extra: 'x'.repeat(10) })) as { ok: boolean; error?: { code: string } };
      // Role first (no payload needed to refuse), then the payload, then the school it acts on.
      expect(malformed.error?.code).toBe(permissionMatrix[socketCase.action][role] !== 'none' ? 'INVALID_PAYLOAD' : 'FORBIDDEN');
    } finally {
      for (const extra of own) extra.disconnect();
    }
  });

  it('refuses the handshake without a token, with a revoked token and from a revoked PC', async () => {
    expect(await handshake(open({}))).toBe('UNAUTHENTICATED');
    const token = await fx.session(fx.actors.teacher);
    await server.app.store.updateTable('sessions').set({ revoked_at: new Date().toISOString() }).where('token_hash', '!=', '').where('user_id', '=', fx.actors.teacher).execute();
    expect(await handshake(open({ token }))).toBe('UNAUTHENTICATED');
    const pc = await fx.device('A');
    const onPc = await fx.session(fx.actors.student, pc.id);
    const fresh = await fx.session(fx.actors.student);
    await server.app.store.updateTable('devices').set({ revoked_at: new Date().toISOString() }).where('id', '=', pc.id).execute();
    expect(await handshake(open({ token: onPc }))).toBe('DEVICE_REVOKED');
    expect(await handshake(open({ token: fresh, deviceToken: pc.token }))).toBe('DEVICE_REVOKED');
  });
});
