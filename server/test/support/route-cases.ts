/**
 * One entry per guarded REST route: its pinned matrix action, whether it acts
 * on a school (so in/out-of-scope cases exist), and how to build a valid
 * request against fresh fixture rows in a given school. The permission test
 * fails when a registered route has no entry here, or an entry no route.
 */
import type { Action } from '@sinif/shared';
import { schools, unique, type IdentityFixture, type SchoolKey } from './identity-fixture.ts';
import { libraryRouteCases } from './library-route-cases.ts';

export interface BuiltRequest {
  method: string;
  url: string;
  body?: unknown;
  /** Sent as is (uploads), with `contentType`, instead of a JSON `body`. */
  rawBody?: Uint8Array;
  contentType?: string;
}

export interface RouteCase {
  action: Action;
  /** `school`: acts on a school/region (tested in A, B and C); `global`: all regions; `none`: unscoped. */
  target: 'school' | 'region' | 'global' | 'none';
  /** Status a permitted call answers (default: any 2xx). */
  allowedStatus?: number;
  build(fx: IdentityFixture, school: SchoolKey): Promise<BuiltRequest>;
}

const post = (url: string, body?: unknown): BuiltRequest => ({ method: 'POST', url, body });
const get = (url: string): BuiltRequest => ({ method: 'GET', url });

export const routeCases: Record<string, RouteCase> = {
  'POST /api/v1/auth/sign-out': { action: 'session.signOut', target: 'none', build: async () => post('/api/v1/auth/sign-out') },
  'POST /api/v1/auth/sign-out-everywhere': {
    action: 'session.signOutEverywhere',
    target: 'none',
    build: async () => post('/api/v1/auth/sign-out-everywhere'),
  },
  'GET /api/v1/catalog/changes': { action: 'catalog.read', target: 'none', build: async () => get('/api/v1/catalog/changes') },
  'GET /api/v1/content/:sha256': {
    action: 'content.read',
    target: 'none',
    allowedStatus: 404,
    build: async () => get(`/api/v1/content/${'0'.repeat(64)}`),
  },
  'GET /api/v1/me': { action: 'me.read', target: 'none', build: async () => get('/api/v1/me') },
  'POST /api/v1/me/password': {
    action: 'me.changePassword',
    target: 'none',
    // Same password again: permitted calls leave the actor able to sign in.
    build: async () => post('/api/v1/me/password', { currentPassword: 'fixture-password-1', newPassword: 'fixture-password-1' }),
  },
  'POST /api/v1/admin/regions': { action: 'region.create', target: 'global', build: async () => post('/api/v1/admin/regions', { name: unique('Region ') }) },
  'GET /api/v1/admin/regions': { action: 'region.list', target: 'global', build: async () => get('/api/v1/admin/regions') },
  'POST /api/v1/admin/schools': {
    action: 'school.create',
    target: 'region',
    build: async (_fx, s) => post('/api/v1/admin/schools', { regionId: schools[s].regionId, name: unique('School ') }),
  },
  'GET /api/v1/admin/schools': { action: 'school.list', target: 'region', build: async (_fx, s) => get(`/api/v1/admin/schools?regionId=${schools[s].regionId}`) },
  'POST /api/v1/admin/labs': {
    action: 'lab.create',
    target: 'school',
    build: async (_fx, s) => post('/api/v1/admin/labs', { schoolId: schools[s].id, name: unique('Lab ') }),
  },
  'GET /api/v1/admin/labs': { action: 'lab.list', target: 'school', build: async (_fx, s) => get(`/api/v1/admin/labs?schoolId=${schools[s].id}`) },
  'POST /api/v1/admin/classes': {
    action: 'class.create',
    target: 'school',
    build: async (_fx, s) => post('/api/v1/admin/classes', { schoolId: schools[s].id, name: unique('7B-') }),
  },
  'GET /api/v1/admin/classes': { action: 'class.list', target: 'school', build: async (_fx, s) => get(`/api/v1/admin/classes?schoolId=${schools[s].id}`) },
  'GET /api/v1/admin/classes/:classId/members': {
    action: 'class.list',
    target: 'school',
    build: async (fx, s) => get(`/api/v1/admin/classes/${await fx.schoolClass(s)}/members`),
  },
  'POST /api/v1/admin/classes/:classId/members': {
    action: 'class.manageMembers',
    target: 'school',
    build: async (fx, s) =>
      post(`/api/v1/admin/classes/${await fx.schoolClass(s)}/members`, { members: [{ userId: (await fx.user(s)).id, role: 'student' }] }),
  },
  'POST /api/v1/admin/users': {
    action: 'user.create',
    target: 'school',
    build: async (_fx, s) =>
      post('/api/v1/admin/users', { schoolId: schools[s].id, username: unique('new'), displayName: 'Nərgiz Əliyeva', roles: ['student'] }),
  },
  'GET /api/v1/admin/users': { action: 'user.list', target: 'school', build: async (_fx, s) => get(`/api/v1/admin/users?schoolId=${schools[s].id}`) },
  'POST /api/v1/admin/users/import': {
    action: 'user.import',
    target: 'school',
    build: async (_fx, s) => post('/api/v1/admin/users/import', { schoolId: schools[s].id, csv: `username,displayName\n${unique('imp')},Արամ Պետրոսյան\n` }),
  },
  'POST /api/v1/admin/users/:userId/password-reset': {
    action: 'user.resetPassword',
    target: 'school',
    build: async (fx, s) => post(`/api/v1/admin/users/${(await fx.user(s)).id}/password-reset`),
  },
  'POST /api/v1/admin/users/:userId/disable': {
    action: 'user.disable',
    target: 'school',
    build: async (fx, s) => post(`/api/v1/admin/users/${(await fx.user(s)).id}/disable`),
  },
  'POST /api/v1/admin/users/:userId/enable': {
    action: 'user.disable',
    target: 'school',
    build: async (fx, s) => post(`/api/v1/admin/users/${(await fx.user(s)).id}/enable`),
  },
  'POST /api/v1/admin/enrolment-codes': {
    action: 'enrolmentCode.create',
    target: 'school',
    build: async (_fx, s) => post('/api/v1/admin/enrolment-codes', { labId: schools[s].labId }),
  },
  'GET /api/v1/admin/enrolment-codes': {
    action: 'enrolmentCode.list',
    target: 'school',
    build: async (_fx, s) => get(`/api/v1/admin/enrolment-codes?schoolId=${schools[s].id}`),
  },
  'POST /api/v1/admin/enrolment-codes/:codeId/revoke': {
    action: 'enrolmentCode.revoke',
    target: 'school',
    build: async (fx, s) => post(`/api/v1/admin/enrolment-codes/${(await fx.enrolmentCode(s)).id}/revoke`),
  },
  'GET /api/v1/admin/devices': { action: 'device.list', target: 'school', build: async (_fx, s) => get(`/api/v1/admin/devices?schoolId=${schools[s].id}`) },
  'PATCH /api/v1/admin/devices/:deviceId': {
    action: 'device.manage',
    target: 'school',
    build: async (fx, s) => ({ method: 'PATCH', url: `/api/v1/admin/devices/${(await fx.device(s)).id}`, body: { seatName: unique('Seat ') } }),
  },
  'POST /api/v1/admin/devices/:deviceId/revoke': {
    action: 'device.revoke',
    target: 'school',
    build: async (fx, s) => post(`/api/v1/admin/devices/${(await fx.device(s)).id}/revoke`),
  },
  'PATCH /api/v1/admin/labs/:labId/layout': {
    action: 'lab.updateLayout',
    target: 'school',
    build: async (fx, s) => {
      const pc = await fx.device(s);
      return { method: 'PATCH', url: `/api/v1/admin/labs/${schools[s].labId}/layout`, body: { seats: [{ deviceId: pc.id, x: 120, y: 40 }] } };
    },
  },
  ...libraryRouteCases,
  'GET /api/v1/admin/audit': { action: 'audit.read', target: 'school', build: async (_fx, s) => get(`/api/v1/admin/audit?schoolId=${schools[s].id}`) },
};

/** Routes anyone may call. Making a route public means adding it here, on purpose. */
export const publicRoutes = ['GET /health', 'POST /api/v1/devices/enrol', 'POST /api/v1/auth/sign-in', 'GET /api/v1/openapi.json'];
/** Routes an enrolled PC calls with its device token. */
export const deviceRoutes: Record<string, { action: string; body: unknown; status?: number }> = {
  'POST /api/v1/devices/me/report': { action: 'device.report', body: { freeDiskBytes: 1_000_000, appVersion: '0.1.1', os: 'Windows 10' } },
  'GET /api/v1/devices/me/lab-peers': { action: 'device.labPeers', body: undefined, status: 200 },
  'PUT /api/v1/devices/me/lab-peers/endpoint': { action: 'device.labPeers', body: { port: 47100, addresses: ['192.168.1.20'] } },
  'POST /api/v1/devices/me/lab-peers/blob-source': { action: 'device.labPeers', body: { sha256: 'a'.repeat(64) }, status: 200 },
  'POST /api/v1/devices/me/lab-peers/blob-reports': { action: 'device.labPeers', body: { sha256: 'a'.repeat(64), outcome: 'have' } },
};

/** `METHOD /url` without the trailing slash Fastify adds to prefix-root routes. */
export const routeKey = (method: string, url: string): string => `${method} ${url.length > 1 ? url.replace(/\/$/, '') : url}`;

export async function send(baseUrl: string, request: BuiltRequest, headers: Record<string, string> = {}): Promise<Response> {
  if (request.rawBody !== undefined) {
    return fetch(`${baseUrl}${request.url}`, {
      method: request.method,
      headers: { 'content-type': request.contentType ?? 'application/octet-stream', ...headers },
      body: request.rawBody,
    });
  }
  const hasBody = request.body !== undefined;
  return fetch(`${baseUrl}${request.url}`, {
    method: request.method,
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...headers },
    body: hasBody ? JSON.stringify(request.body) : undefined,
  });
}
