/**
 * Who is calling: a Bearer session token becomes `request.user`. Routes opt in
 * with `preHandler: app.requirePermission('catalog.read')` (checks the shared
 * permission matrix) or `app.authenticate` (any signed-in user).
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { mayPerform, type Action } from '@sinif/shared';
import { deviceRevoked, forbidden, unauthenticated } from '../http/api-error.ts';
import { lookupSession, type SessionUser } from './sessions.ts';

declare module 'fastify' {
  interface FastifyInstance {
    authenticate: preHandlerAsyncHookHandler;
    requirePermission(action: Action): preHandlerAsyncHookHandler;
  }
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

const authPlugin: FastifyPluginAsync = async (app) => {
  app.decorateRequest('user', null);

  const authenticate: preHandlerAsyncHookHandler = async function (request) {
    const token = bearerToken(request);
    if (!token) throw unauthenticated('Send a session token: Authorization: Bearer <token>.');
    const found = await lookupSession(app.store, token);
    if (found.kind === 'invalid') throw unauthenticated('The session is unknown, expired or signed out; sign in again.');
    if (found.kind === 'deviceRevoked') throw deviceRevoked();
    request.user = found.user;
  };

  app.decorate('authenticate', authenticate);
  app.decorate('requirePermission', (action: Action): preHandlerAsyncHookHandler => {
    return async function (request, reply) {
      await authenticate.call(this, request, reply);
      if (!request.user || !mayPerform(request.user.roles, action)) {
        throw forbidden(`Your role may not use ${action}.`);
      }
    };
  });
};

export default fp(authPlugin, { name: 'sinif-auth', fastify: '5.x', dependencies: ['sinif-server-context'] });
