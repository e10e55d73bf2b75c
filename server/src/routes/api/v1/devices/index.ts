/** /api/v1/devices: enrolling lab PCs, and a PC reporting on itself. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DeviceReportRequest, EnrolRequest, EnrolResponse } from '@sinif/shared';
import { enrolDevice } from '../../../../devices/enrolment.ts';

/** Per address: codes are short enough to type, so guessing them must be slow. */
export const ENROL_RATE_LIMIT = { max: 30, timeWindow: 60_000 };

const devices: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/enrol',
    {
      schema: { body: EnrolRequest, response: { 201: EnrolResponse } },
      config: { public: true, rateLimit: ENROL_RATE_LIMIT },
    },
    async (request, reply) => {
      const enrolled = await enrolDevice(app.store, request.body, new Date(), request.ip);
      request.log.info({ deviceId: enrolled.seat.deviceId, labId: enrolled.seat.labId }, 'device enrolled');
      return reply.code(201).send(enrolled);
    },
  );

  app.post(
    '/me/report',
    { schema: { body: DeviceReportRequest }, config: { deviceAction: 'device.report' } },
    async (request, reply) => {
      const device = request.device!;
      const { freeDiskBytes, appVersion, os } = request.body;
      await app.store
        .updateTable('devices')
        .set({
          last_seen_at: new Date().toISOString(),
          last_address: request.ip,
          ...(freeDiskBytes !== undefined ? { free_disk_bytes: freeDiskBytes } : {}),
          ...(appVersion !== undefined ? { app_version: appVersion } : {}),
          ...(os !== undefined ? { os } : {}),
        })
        .where('id', '=', device.id)
        .execute();
      return reply.code(204).send();
    },
  );
};

export default devices;
