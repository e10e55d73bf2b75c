/** /api/v1/devices: enrolling lab PCs. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EnrolRequest, EnrolResponse } from '@sinif/shared';
import { enrolDevice } from '../../../../devices/enrolment.ts';

const devices: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/enrol',
    { schema: { body: EnrolRequest, response: { 201: EnrolResponse } } },
    async (request, reply) => {
      const enrolled = await enrolDevice(app.store, request.body);
      request.log.info({ deviceId: enrolled.seat.deviceId, labId: enrolled.seat.labId }, 'device enrolled');
      return reply.code(201).send(enrolled);
    },
  );
};

export default devices;
