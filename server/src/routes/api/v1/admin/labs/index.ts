/** /api/v1/admin/labs: computer rooms of a school. */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateLabRequest, Lab, LabLayout, LabLayoutRequest, LabList, LabParams, SchoolScopedQuery } from '@sinif/shared';
import { scopeOf } from '../../../../../auth/scope-targets.ts';
import { auditRequest } from '../../../../../audit/audit-log.ts';
import { placeSeats } from '../../../../../lab-sessions/lab-layout.ts';

const labs: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/',
    {
      schema: { body: CreateLabRequest, response: { 201: Lab } },
      config: { action: 'lab.create', scope: scopeOf.schoolIn('body') },
    },
    async (request, reply) => {
      const lab = { id: randomUUID(), schoolId: request.body.schoolId, name: request.body.name.trim() };
      await app.store.transaction().execute(async (trx) => {
        await trx.insertInto('labs').values({ id: lab.id, school_id: lab.schoolId, name: lab.name }).execute();
        await auditRequest(trx, request, { action: 'lab.create', schoolId: lab.schoolId, target: lab.id, detail: { name: lab.name } });
      });
      return reply.code(201).send(lab);
    },
  );

  app.get(
    '/',
    {
      schema: { querystring: SchoolScopedQuery, response: { 200: LabList } },
      config: { action: 'lab.list', scope: scopeOf.schoolIn('query') },
    },
    async (request) => ({
      labs: await app.store
        .selectFrom('labs')
        .select(['id', 'school_id as schoolId', 'name'])
        .where('school_id', '=', request.query.schoolId)
        .orderBy('name')
        .execute(),
    }),
  );

  app.patch(
    '/:labId/layout',
    {
      schema: { params: LabParams, body: LabLayoutRequest, response: { 200: LabLayout } },
      config: { action: 'lab.updateLayout', scope: scopeOf.labIn('params') },
    },
    async (request) => {
      const { labId } = request.params;
      const layout = await app.store.transaction().execute(async (trx) => {
        const placed = await placeSeats(trx, labId, request.body.seats);
        await auditRequest(trx, request, { action: 'lab.updateLayout', schoolId: request.scopeTarget && request.scopeTarget !== 'global' ? (request.scopeTarget.schoolId ?? null) : null, target: labId, detail: { seats: request.body.seats.length } });
        return placed;
      });
      // A running session's seat map moves at once.
      app.realtime?.labs.layoutChanged(labId, request.body.seats);
      return layout;
    },
  );
};

export default labs;
