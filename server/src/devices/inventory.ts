/** The fleet as IT staff see it: every enrolled PC with where it sits and what it last reported. */
import type { DeviceInfo } from '@sinif/shared';
import type { StoreDb } from '../db/store.ts';

function inventoryQuery(db: StoreDb) {
  return db
    .selectFrom('devices')
    .innerJoin('labs', 'labs.id', 'devices.lab_id')
    .select([
      'devices.id as deviceId',
      'devices.seat_name as seatName',
      'devices.lab_id as labId',
      'labs.name as labName',
      'labs.school_id as schoolId',
      'devices.os as os',
      'devices.app_version as appVersion',
      'devices.enrolled_at as enrolledAt',
      'devices.last_seen_at as lastSeenAt',
      'devices.last_address as lastAddress',
      'devices.free_disk_bytes as freeDiskBytes',
      'devices.revoked_at as revokedAt',
    ]);
}

export async function schoolDevices(db: StoreDb, schoolId: string, labId?: string): Promise<DeviceInfo[]> {
  let query = inventoryQuery(db).where('labs.school_id', '=', schoolId);
  if (labId !== undefined) query = query.where('devices.lab_id', '=', labId);
  return query.orderBy('labs.name').orderBy('devices.seat_name').limit(5000).execute();
}

export async function deviceInfo(db: StoreDb, deviceId: string): Promise<DeviceInfo | undefined> {
  return inventoryQuery(db).where('devices.id', '=', deviceId).executeTakeFirst();
}
