/** /api/v1/admin/devices: the enrolled PCs of a school: list, rename, move between its labs, revoke. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DeviceInfo, DeviceList, DeviceListQuery, DeviceParams, ErrorCode, UpdateDeviceRequest } from '@sinif/shared';
import { scopeOf } from '../../../../../auth/scope-targets.ts';
import { auditRequest } from '../../../../../audit/audit-log.ts';
import { conflict } from '../../../../../http/api-error.ts';
import { deviceInfo, schoolDevices } from '../../../../../devices/inventory.ts';

const devices: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      schema: { querystring: DeviceListQuery, response: { 200: DeviceList } },
      config: { action: 'device.list', scope: scopeOf.schoolIn('query') },
    },
    async (request) => ({ devices: await schoolDevices(app.store, request.query.schoolId, request.query.labId) }),
  );

  app.patch(
    '/:deviceId',
    {
      schema: { params: DeviceParams, body: UpdateDeviceRequest, response: { 200: DeviceInfo } },
      config: { action: 'device.manage', scope: scopeOf.device() },
    },
    async (request) => {
      const { deviceId } = request.params;
      const { seatName, labId } = request.body;
      const schoolId = (request.scopeTarget as { schoolId: string }).schoolId;
      if (labId !== undefined) {
        const lab = await app.store.selectFrom('labs').select('school_id').where('id', '=', labId).executeTakeFirst();
        // Moving a PC to another school would move it out of its admins' reach: re-enrol it there instead.
        if (!lab || lab.school_id !== schoolId) throw conflict('A PC can move only to another lab of its own school.');
      }
      await app.store.transaction().execute(async (trx) => {
        await trx
          .updateTable('devices')
          .set({ ...(seatName !== undefined ? { seat_name: seatName.trim() } : {}), ...(labId !== undefined ? { lab_id: labId } : {}) })
          .where('id', '=', deviceId)
          .execute();
        await auditRequest(trx, request, { action: 'device.manage', schoolId, target: deviceId, detail: { seatName, labId } });
      });
      return (await deviceInfo(app.store, deviceId))!;
    },
  );

  app.post(
    '/:deviceId/revoke',
    {
      schema: { params: DeviceParams, response: { 200: DeviceInfo } },
      config: { action: 'device.revoke', scope: scopeOf.device() },
    },
    async (request) => {
      const { deviceId } = request.params;
      const schoolId = (request.scopeTarget as { schoolId: string }).schoolId;
      const now = new Date().toISOString();
      await app.store.transaction().execute(async (trx) => {
        await trx.updateTable('devices').set({ revoked_at: now }).where('id', '=', deviceId).where('revoked_at', 'is', null).execute();
        // Its sessions die with it (lookupSession refuses them too); ending them keeps the table honest.
        await trx.updateTable('sessions').set({ revoked_at: now }).where('device_id', '=', deviceId).where('revoked_at', 'is', null).execute();
        await auditRequest(trx, request, { action: 'device.revoke', schoolId, target: deviceId });
      });
      app.realtime?.endDevice(deviceId, ErrorCode.deviceRevoked);
      return (await deviceInfo(app.store, deviceId))!;
    },
  );
};

export default devices;
