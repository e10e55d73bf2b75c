/** /api/v1/admin/enrolment-codes: make, list and revoke the codes that enrol lab PCs. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateEnrolmentCodeRequest,
  CreateEnrolmentCodeResponse,
  EnrolmentCodeInfo,
  EnrolmentCodeList,
  EnrolmentCodeParams,
  SchoolScopedQuery,
} from '@sinif/shared';
import { scopeOf } from '../../../../../auth/scope-targets.ts';
import { auditRequest } from '../../../../../audit/audit-log.ts';
import { createEnrolmentCode, enrolmentCodeInfo, schoolEnrolmentCodes } from '../../../../../devices/enrolment-codes.ts';

const enrolmentCodes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/',
    {
      schema: { body: CreateEnrolmentCodeRequest, response: { 201: CreateEnrolmentCodeResponse } },
      config: { action: 'enrolmentCode.create', scope: scopeOf.labIn('body') },
    },
    async (request, reply) => {
      const { labId, maxUses = 40, ttlHours = 72 } = request.body;
      const schoolId = (request.scopeTarget as { schoolId: string }).schoolId;
      const created = await app.store.transaction().execute(async (trx) => {
        const made = await createEnrolmentCode(trx, { labId, maxUses, ttlHours, createdBy: request.user?.id ?? null });
        await auditRequest(trx, request, { action: 'enrolmentCode.create', schoolId, target: made.id, detail: { labId, maxUses, ttlHours } });
        return made;
      });
      const info = (await enrolmentCodeInfo(app.store, created.id))!;
      return reply.code(201).send({ code: created.code, info });
    },
  );

  app.get(
    '/',
    {
      schema: { querystring: SchoolScopedQuery, response: { 200: EnrolmentCodeList } },
      config: { action: 'enrolmentCode.list', scope: scopeOf.schoolIn('query') },
    },
    async (request) => ({ codes: await schoolEnrolmentCodes(app.store, request.query.schoolId) }),
  );

  app.post(
    '/:codeId/revoke',
    {
      schema: { params: EnrolmentCodeParams, response: { 200: EnrolmentCodeInfo } },
      config: { action: 'enrolmentCode.revoke', scope: scopeOf.enrolmentCode() },
    },
    async (request) => {
      const { codeId } = request.params;
      const schoolId = (request.scopeTarget as { schoolId: string }).schoolId;
      await app.store.transaction().execute(async (trx) => {
        await trx.updateTable('enrolment_codes').set({ revoked_at: new Date().toISOString() }).where('id', '=', codeId).where('revoked_at', 'is', null).execute();
        await auditRequest(trx, request, { action: 'enrolmentCode.revoke', schoolId, target: codeId });
      });
      return (await enrolmentCodeInfo(app.store, codeId))!;
    },
  );
};

export default enrolmentCodes;
