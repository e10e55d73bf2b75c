/** /api/v1/admin/users: people of a school; roster import; password reset; disable/enable. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AdminUser,
  CreateUserRequest,
  CreateUserResponse,
  ErrorCode,
  ImportRosterRequest,
  ImportRosterResponse,
  PasswordResetResponse,
  UserList,
  UserListQuery,
  UserParams,
} from '@sinif/shared';
import { scopeOf } from '../../../../../auth/scope-targets.ts';
import { auditRequest } from '../../../../../audit/audit-log.ts';
import { conflict, notFound } from '../../../../../http/api-error.ts';
import { hashPassword } from '../../../../../auth/secrets.ts';
import { normalizeUsername } from '../../../../../auth/people.ts';
import { revokeUserSessions } from '../../../../../auth/sessions.ts';
import { initialPassword } from '../../../../../people/initial-password.ts';
import { importRoster } from '../../../../../people/roster-import.ts';
import { adminUser, assertMayAdminister, assertMayGrant, insertUser, schoolUsers, usernameTaken } from '../../../../../people/user-admin.ts';

const users: FastifyPluginAsyncTypebox = async (app) => {
  const userRow = async (userId: string) => {
    const row = await app.store.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
    if (!row) throw notFound(`No user ${userId}.`);
    return row;
  };

  app.post(
    '/',
    {
      schema: { body: CreateUserRequest, response: { 201: CreateUserResponse } },
      config: { action: 'user.create', scope: scopeOf.schoolIn('body') },
    },
    async (request, reply) => {
      const { schoolId, roles } = request.body;
      assertMayGrant(request, roles, 'user.create', request.scopeTarget);
      const username = normalizeUsername(request.body.username);
      if ((await usernameTaken(app.store, [username])).size > 0) throw conflict(`The username ${username} is already taken.`);
      const generated = request.body.password === undefined ? initialPassword() : undefined;
      const passwordHash = await hashPassword(request.body.password ?? generated!);
      const userId = await app.store.transaction().execute(async (trx) => {
        const id = await insertUser(trx, { schoolId, username, displayName: request.body.displayName.trim(), passwordHash, roles, mustChangePassword: true });
        await auditRequest(trx, request, { action: 'user.create', schoolId, target: id, detail: { username, roles } });
        return id;
      });
      const user = await adminUser(app.store, await userRow(userId), schoolId);
      return reply.code(201).send(generated ? { user, initialPassword: generated } : { user });
    },
  );

  app.get(
    '/',
    {
      schema: { querystring: UserListQuery, response: { 200: UserList } },
      config: { action: 'user.list', scope: scopeOf.schoolIn('query') },
    },
    async (request) => schoolUsers(app.store, request.query.schoolId, request.query.limit ?? 100, request.query.after),
  );

  app.post(
    '/import',
    {
      schema: { body: ImportRosterRequest, response: { 201: ImportRosterResponse } },
      config: { action: 'user.import', scope: scopeOf.schoolIn('body') },
    },
    async (request, reply) => {
      const { schoolId, classId } = request.body;
      assertMayGrant(request, ['student'], 'user.import', request.scopeTarget);
      if (classId) {
        const found = await app.store.selectFrom('classes').select('school_id').where('id', '=', classId).executeTakeFirst();
        if (!found) throw notFound(`No class ${classId}.`);
        if (found.school_id !== schoolId) throw conflict('The class belongs to another school.');
      }
      const imported = await importRoster(app.store, request.body, (trx, rows) =>
        auditRequest(trx, request, { action: 'user.import', schoolId, target: classId ?? null, detail: { imported: rows.length } }),
      );
      return reply.code(201).send({ imported });
    },
  );

  app.post(
    '/:userId/password-reset',
    {
      schema: { params: UserParams, response: { 200: PasswordResetResponse } },
      config: { action: 'user.resetPassword', scope: scopeOf.user() },
    },
    async (request) => {
      const user = await userRow(request.params.userId);
      await assertMayAdminister(request, user.id, 'user.resetPassword');
      const password = initialPassword();
      const hash = await hashPassword(password);
      await app.store.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ password_hash: hash, must_change_password: 1 }).where('id', '=', user.id).execute();
        await auditRequest(trx, request, { action: 'user.resetPassword', schoolId: user.school_id, target: user.id });
      });
      await revokeUserSessions(app.store, user.id);
      app.realtime?.endUser(user.id, ErrorCode.sessionRevoked);
      return { initialPassword: password };
    },
  );

  for (const [verb, disable] of [['disable', true], ['enable', false]] as const) {
    app.post(
      `/:userId/${verb}`,
      {
        schema: { params: UserParams, response: { 200: AdminUser } },
        config: { action: 'user.disable', scope: scopeOf.user() },
      },
      async (request) => {
        const user = await userRow(request.params.userId);
        if (disable && user.id === request.user?.id) throw conflict('You cannot disable your own account.');
        await assertMayAdminister(request, user.id, 'user.disable');
        await app.store.transaction().execute(async (trx) => {
          await trx
            .updateTable('users')
            .set({ disabled_at: disable ? (user.disabled_at ?? new Date().toISOString()) : null })
            .where('id', '=', user.id)
            .execute();
          await auditRequest(trx, request, { action: `user.${verb}`, schoolId: user.school_id, target: user.id });
        });
        if (disable) {
          await revokeUserSessions(app.store, user.id);
          app.realtime?.endUser(user.id, ErrorCode.sessionRevoked);
        }
        return adminUser(app.store, await userRow(user.id), user.school_id);
      },
    );
  }
};

export default users;
