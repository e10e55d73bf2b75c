/** /api/v1/admin/schools: schools of a region. */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateSchoolRequest, School, SchoolList, SchoolListQuery } from '@sinif/shared';
import { scopeOf } from '../../../../../auth/scope-targets.ts';
import { auditRequest } from '../../../../../audit/audit-log.ts';

const schools: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/',
    {
      schema: { body: CreateSchoolRequest, response: { 201: School } },
      config: { action: 'school.create', scope: scopeOf.regionIn('body') },
    },
    async (request, reply) => {
      const school = { id: randomUUID(), regionId: request.body.regionId, name: request.body.name.trim() };
      await app.store.transaction().execute(async (trx) => {
        await trx.insertInto('schools').values({ id: school.id, region_id: school.regionId, name: school.name }).execute();
        await auditRequest(trx, request, { action: 'school.create', schoolId: school.id, target: school.id, detail: { name: school.name } });
      });
      return reply.code(201).send(school);
    },
  );

  app.get(
    '/',
    {
      schema: { querystring: SchoolListQuery, response: { 200: SchoolList } },
      config: { action: 'school.list', scope: scopeOf.regionIn('query') },
    },
    async (request) => ({
      schools: await app.store
        .selectFrom('schools')
        .select(['id', 'region_id as regionId', 'name'])
        .where('region_id', '=', request.query.regionId)
        .orderBy('name')
        .execute(),
    }),
  );
};

export default schools;
