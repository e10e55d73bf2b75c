/** /api/v1/admin/audit: a school's audit log, newest first, paged by `before`. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditPage, AuditQuery } from '@sinif/shared';
import { scopeOf } from '../../../../../auth/scope-targets.ts';
import { auditPage } from '../../../../../audit/audit-log.ts';

const audit: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      schema: { querystring: AuditQuery, response: { 200: AuditPage } },
      config: { action: 'audit.read', scope: scopeOf.schoolIn('query') },
    },
    async (request) => auditPage(app.store, request.query.schoolId, request.query.limit ?? 100, request.query.before),
  );
};

export default audit;
