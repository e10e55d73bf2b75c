/** /api/v1/auth: signing in and out. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DEVICE_HEADER, ErrorCode, SignInRequest, SignInResponse } from '@sinif/shared';
import { ApiError, deviceRevoked } from '../../../../http/api-error.ts';
import { decoyPasswordHash, verifyPassword } from '../../../../auth/secrets.ts';
import { findUserByUsername, userSummary } from '../../../../auth/people.ts';
import { openSession, revokeSession } from '../../../../auth/sessions.ts';
import { findActiveDevice, markDeviceSeen } from '../../../../devices/enrolment.ts';

/** Per client IP; generous enough for a lab behind one address signing in at the bell. */
export const SIGN_IN_RATE_LIMIT = { max: 30, timeWindow: 60_000 };

const invalidCredentials = (): ApiError =>
  new ApiError(401, ErrorCode.invalidCredentials, 'Wrong username or password.');

const auth: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/sign-in',
    {
      schema: { body: SignInRequest, response: { 200: SignInResponse } },
      config: { rateLimit: SIGN_IN_RATE_LIMIT },
    },
    async (request) => {
      const deviceHeader = request.headers[DEVICE_HEADER];
      let deviceId: string | null = null;
      if (deviceHeader !== undefined) {
        const device = typeof deviceHeader === 'string' ? await findActiveDevice(app.store, deviceHeader) : undefined;
        if (!device) throw deviceRevoked();
        deviceId = device.id;
      }

      const user = await findUserByUsername(app.store, request.body.username);
      // Hash even for unknown users so the answer time does not reveal which usernames exist.
      const passwordOk = await verifyPassword(request.body.password, user?.password_hash ?? (await decoyPasswordHash()));
      if (!user || !passwordOk || user.disabled_at !== null) throw invalidCredentials();

      const session = await openSession(app.store, user.id, deviceId, app.config.sessionTtlHours);
      if (deviceId) await markDeviceSeen(app.store, deviceId);
      return { token: session.token, expiresAt: session.expiresAt, user: await userSummary(app.store, user) };
    },
  );

  app.post('/sign-out', { preHandler: app.requirePermission('session.signOut') }, async (request, reply) => {
    if (request.user) {
      await revokeSession(app.store, request.user.sessionId);
      app.realtime?.endSession(request.user.sessionId);
    }
    return reply.code(204).send();
  });
};

export default auth;
