/**
 * Every route declares who may call it, in its `config`:
 *   `{ public: true }`              anyone (health, sign-in, enrol, OpenAPI);
 *   `{ action: '<matrix action>' }` a signed-in person whose grants allow the
 *                                   action; add `scope: scopeOf.x()` to check
 *                                   the school/region the request acts on;
 *   `{ deviceAction: '...' }`       an enrolled PC, by its device header.
 * A route with none of these fails at registration, so nothing is reachable
 * by accident. The guard runs onRequest (401/403 before the body is even
 * validated); the scope check runs in preHandler, after validation.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync, FastifyRequest, onRequestAsyncHookHandler, preHandlerAsyncHookHandler, RouteOptions } from 'fastify';
import { DEVICE_HEADER, actions, deviceActions, isPermitted, type Action, type DeviceAction, type ScopeTarget } from '@sinif/shared';
import { deviceRevoked, forbidden, unauthenticated } from '../http/api-error.ts';
import type { DeviceRow } from '../db/schema.ts';
import { findActiveDevice } from '../devices/enrolment.ts';
import { DevicePresence } from '../devices/device-presence.ts';
import { lookupSession, type SessionUser } from './sessions.ts';
import type { ScopeResolver } from './scope-targets.ts';
import { SignInThrottle } from './sign-in-throttle.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    public?: boolean;
    action?: Action;
    deviceAction?: DeviceAction;
    scope?: ScopeResolver;
  }
  interface FastifyInstance {
    /** Every route as registered, with how it is guarded (the permission test walks this). */
    guardedRoutes: GuardedRoute[];
    presence: DevicePresence;
    signInThrottle: SignInThrottle;
  }
  interface FastifyRequest {
    user: SessionUser | null;
    /** The enrolled PC named by the device header, when one was sent and is active. */
    device: DeviceRow | null;
    scopeTarget: ScopeTarget;
  }
}

export type GuardKind = 'public' | 'action' | 'deviceAction';
export interface GuardedRoute {
  method: string;
  url: string;
  kind: GuardKind;
  action?: Action | DeviceAction;
  scoped: boolean;
  /** The route's body and query schemas (the fuzz test aims at them). */
  body?: unknown;
  querystring?: unknown;
}

export class UnguardedRouteError extends Error {
  readonly code = 'ROUTE_UNGUARDED';
  constructor(method: string, url: string, why: string) {
    super(`${method} ${url}: ${why}. Declare config: { action: '<matrix action>' } or { public: true } (see server/README.md).`);
    this.name = 'UnguardedRouteError';
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/** The device header's PC: undefined when no header was sent; throws when it names no active PC. */
async function deviceFromHeader(request: FastifyRequest): Promise<DeviceRow | undefined> {
  const header = request.headers[DEVICE_HEADER];
  if (header === undefined) return undefined;
  const device = typeof header === 'string' && header.length <= 200 ? await findActiveDevice(request.server.store, header) : undefined;
  if (!device) throw deviceRevoked();
  return device;
}

function guardKind(route: RouteOptions): { kind: GuardKind; action?: Action | DeviceAction } {
  const config = route.config ?? {};
  const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
  const declared = [config.public === true, config.action !== undefined, config.deviceAction !== undefined].filter(Boolean).length;
  if (declared !== 1) throw new UnguardedRouteError(methods, route.url, declared === 0 ? 'no guard declared' : 'more than one guard declared');
  if (config.action !== undefined && !(actions as readonly string[]).includes(config.action)) {
    throw new UnguardedRouteError(methods, route.url, `action ${String(config.action)} is not in the permission matrix`);
  }
  if (config.deviceAction !== undefined && !(deviceActions as readonly string[]).includes(config.deviceAction)) {
    throw new UnguardedRouteError(methods, route.url, `device action ${String(config.deviceAction)} is unknown`);
  }
  if (config.scope && config.action === undefined) throw new UnguardedRouteError(methods, route.url, 'scope needs an action');
  if (config.public) return { kind: 'public' };
  return config.action !== undefined ? { kind: 'action', action: config.action } : { kind: 'deviceAction', action: config.deviceAction };
}

const authPlugin: FastifyPluginAsync = async (app) => {
  app.decorateRequest('user', null);
  app.decorateRequest('device', null);
  app.decorateRequest('scopeTarget', null);
  app.decorate('guardedRoutes', []);
  app.decorate('presence', new DevicePresence(app.store));
  app.decorate(
    'signInThrottle',
    new SignInThrottle({
      accountFreeFailures: app.config.signInAccountFreeFailures,
      addressFailureBudget: app.config.signInAddressFailureBudget,
    }),
  );

  const guard: onRequestAsyncHookHandler = async function (request) {
    const config = request.routeOptions.config;
    if (config.deviceAction !== undefined) {
      const device = await deviceFromHeader(request);
      if (!device) throw unauthenticated(`Send the enrolled PC's token in the ${DEVICE_HEADER} header.`);
      request.device = device;
      await app.presence.seen(device.id, request.ip);
      return;
    }
    const token = bearerToken(request);
    if (!token) throw unauthenticated('Send a session token: Authorization: Bearer <token>.');
    const found = await lookupSession(app.store, token);
    if (found.kind === 'invalid') throw unauthenticated('The session is unknown, expired or signed out; sign in again.');
    if (found.kind === 'deviceRevoked') throw deviceRevoked();
    const device = await deviceFromHeader(request);
    request.user = found.user;
    request.device = device ?? null;
    const action = config.action as Action;
    if (!isPermitted(found.user.grants, action, null)) throw forbidden(`Your role may not use ${action}.`);
    const seenDevice = device?.id ?? found.user.deviceId;
    if (seenDevice) await app.presence.seen(seenDevice, request.ip);
  };

  const scopeGuard: preHandlerAsyncHookHandler = async function (request) {
    const config = request.routeOptions.config;
    if (!config.scope || !request.user) return;
    const target = await config.scope(request);
    const action = config.action as Action;
    if (!isPermitted(request.user.grants, action, target)) {
      throw forbidden(`Your roles do not allow ${action} ${target === 'global' ? 'across all regions' : 'in that school or region'}.`);
    }
    request.scopeTarget = target;
  };

  app.addHook('onRoute', (route) => {
    const { kind, action } = guardKind(route);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      const { body, querystring } = route.schema ?? {};
      app.guardedRoutes.push({ method, url: route.url, kind, action, scoped: Boolean(route.config?.scope), body, querystring });
    }
    if (kind === 'public') return;
    // The OpenAPI document shows who may call what.
    const described = kind === 'action' ? `Permission: ${action} (bearer session token).` : `Device: ${action} (${DEVICE_HEADER} header).`;
    route.schema = {
      ...route.schema,
      description: route.schema?.description ?? described,
      ...(kind === 'action' ? { security: [{ bearer: [] }] } : {}),
    };
    // The HEAD twin of a GET route arrives here with the GET's hooks already in place.
    const onRequest = [route.onRequest ?? []].flat();
    if (!onRequest.includes(guard)) route.onRequest = [guard, ...onRequest];
    if (route.config?.scope) {
      const preHandler = [route.preHandler ?? []].flat();
      if (!preHandler.includes(scopeGuard)) route.preHandler = [scopeGuard, ...preHandler];
    }
  });
};

export default fp(authPlugin, { name: 'sinif-auth', fastify: '5.x', dependencies: ['sinif-server-context'] });
