/**
 * Whose library a feed request reads. A lab PC caches ONE library under one
 * cursor whoever signs in on it, so the PC decides: the PC named by the device
 * header, else the PC the session was opened on, else the person's home school.
 */
import type { FastifyRequest } from 'fastify';
import type { StoreDb } from '../db/store.ts';

async function schoolOfDevice(db: StoreDb, deviceId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('devices')
    .innerJoin('labs', 'labs.id', 'devices.lab_id')
    .select('labs.school_id as schoolId')
    .where('devices.id', '=', deviceId)
    .executeTakeFirst();
  return row?.schoolId;
}

export async function feedSchoolOf(request: FastifyRequest): Promise<string> {
  const db = request.server.store;
  const deviceId = request.device?.id ?? request.user?.deviceId ?? null;
  const fromDevice = deviceId ? await schoolOfDevice(db, deviceId) : undefined;
  if (fromDevice) return fromDevice;
  // The catalog route is guarded by a session, so a user is always present here.
  return request.user?.schoolId ?? '';
}
