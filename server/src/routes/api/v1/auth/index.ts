/** /api/v1/auth: signing in and out. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DEVICE_HEADER, SignInRequest, SignInResponse, SignedOutResponse } from '@sinif/shared';
import { deviceRevoked } from '../../../../http/api-error.ts';
import { findUserByUsername, userSummary } from '../../../../auth/people.ts';
import { openSession, revokeSession, revokeUserSessions } from '../../../../auth/sessions.ts';
import { checkPassword } from '../../../../auth/password-check.ts';
import { findActiveDevice, markDeviceSeen } from '../../../../devices/enrolment.ts';

const auth: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/sign-in',
    { schema: { body: SignInRequest, response: { 200: SignInResponse } }, config: { public: true } },
    async (request) => {
      const deviceHeader = request.headers[DEVICE_HEADER];
      let deviceId: string | null = null;
      if (deviceHeader !== undefined) {
        const device = typeof deviceHeader === 'string' ? await findActiveDevice(app.store, deviceHeader) : undefined;
        if (!device) throw deviceRevoked();
        deviceId = device.id;
      }

      const found = await findUserByUsername(app.store, request.body.username);
      const user = await checkPassword(request, request.body.username, found, request.body.password);
      const session = await openSession(app.store, user.id, deviceId, app.config.sessionTtlHours);
      if (deviceId) await markDeviceSeen(app.store, deviceId, request.ip);
      return {
        token: session.token,
        expiresAt: session.expiresAt,
        user: await userSummary(app.store, user),
        mustChangePassword: user.must_change_password === 1,
      };
    },
  );

  app.post('/sign-out', { config: { action: 'session.signOut' } }, async (request, reply) => {
    if (request.user) {
      await revokeSession(app.store, request.user.sessionId);
      app.realtime?.endSession(request.user.sessionId);
    }
    return reply.code(204).send();
  });

  app.post(
    '/sign-out-everywhere',
    { schema: { response: { 200: SignedOutResponse } }, config: { action: 'session.signOutEverywhere' } },
    async (request) => {
      const user = request.user!;
      const ended = await revokeUserSessions(app.store, user.id);
      app.realtime?.endUser(user.id);
      return { sessionsEnded: ended.length };
    },
  );
};

export default auth;
