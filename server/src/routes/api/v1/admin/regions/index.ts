/** /api/v1/admin/regions: the top of the organisation tree. */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateRegionRequest, Region, RegionList } from '@sinif/shared';
import { scopeOf } from '../../../../../auth/scope-targets.ts';
import { auditRequest } from '../../../../../audit/audit-log.ts';

const regions: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/',
    {
      schema: { body: CreateRegionRequest, response: { 201: Region } },
      config: { action: 'region.create', scope: scopeOf.global() },
    },
    async (request, reply) => {
      const region = { id: randomUUID(), name: request.body.name.trim() };
      await app.store.transaction().execute(async (trx) => {
        await trx.insertInto('regions').values(region).execute();
        await auditRequest(trx, request, { action: 'region.create', schoolId: null, target: region.id, detail: { name: region.name } });
      });
      return reply.code(201).send(region);
    },
  );

  app.get(
    '/',
    { schema: { response: { 200: RegionList } }, config: { action: 'region.list', scope: scopeOf.global() } },
    async () => ({ regions: await app.store.selectFrom('regions').select(['id', 'name']).orderBy('name').execute() }),
  );
};

export default regions;
