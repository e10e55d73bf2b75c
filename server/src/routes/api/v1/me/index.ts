/** /api/v1/me: the signed-in person, and changing their own password. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ChangePasswordRequest, MeResponse } from '@sinif/shared';
import { meOf } from '../../../../auth/me.ts';
import { checkPassword } from '../../../../auth/password-check.ts';
import { hashPassword } from '../../../../auth/secrets.ts';
import { auditRequest } from '../../../../audit/audit-log.ts';

const me: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', { schema: { response: { 200: MeResponse } }, config: { action: 'me.read' } }, async (request) => meOf(request.user!));

  app.post(
    '/password',
    { schema: { body: ChangePasswordRequest }, config: { action: 'me.changePassword' } },
    async (request, reply) => {
      const signedIn = request.user!;
      const row = await app.store.selectFrom('users').selectAll().where('id', '=', signedIn.id).executeTakeFirstOrThrow();
      await checkPassword(request, row.username, row, request.body.currentPassword);
      const hash = await hashPassword(request.body.newPassword);
      const now = new Date().toISOString();
      await app.store.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ password_hash: hash, must_change_password: 0 }).where('id', '=', row.id).execute();
        // Other sessions may be the reason for the change: end them, keep this one.
        await trx
          .updateTable('sessions')
          .set({ revoked_at: now })
          .where('user_id', '=', row.id)
          .where('id', '!=', signedIn.sessionId)
          .where('revoked_at', 'is', null)
          .execute();
        await auditRequest(trx, request, { action: 'me.changePassword', schoolId: row.school_id, target: row.id });
      });
      return reply.code(204).send();
    },
  );
};

export default me;
