/**
 * Enrolling a lab PC: an IT admin hands out a short code per lab; each PC
 * trades it once for a long-lived device token. Codes are stored hashed, so a
 * leaked database does not leak usable codes.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode, type EnrolRequest, type EnrolResponse } from '@sinif/shared';
import type { StoreDb } from '../db/store.ts';
import type { DeviceRow } from '../db/schema.ts';
import { hashToken, newToken, sha256Hex } from '../auth/secrets.ts';
import { ApiError } from '../http/api-error.ts';

/** Codes are typed by people: compare without case and surrounding spaces. */
export function hashEnrolmentCode(code: string): string {
  return sha256Hex(code.trim().toUpperCase());
}

const codeInvalid = (): ApiError =>
  new ApiError(403, ErrorCode.enrolmentCodeInvalid, 'This enrolment code is wrong, expired or used up; ask IT staff for a new one.');

export async function enrolDevice(db: StoreDb, request: EnrolRequest, now = new Date(), address: string | null = null): Promise<EnrolResponse> {
  return db.transaction().execute(async (trx) => {
    const nowText = now.toISOString();
    const code = await trx
      .selectFrom('enrolment_codes')
      .innerJoin('labs', 'labs.id', 'enrolment_codes.lab_id')
      .innerJoin('schools', 'schools.id', 'labs.school_id')
      .select([
        'enrolment_codes.id as codeId',
        'enrolment_codes.expires_at as expiresAt',
        'enrolment_codes.max_uses as maxUses',
        'enrolment_codes.uses as uses',
        'enrolment_codes.revoked_at as revokedAt',
        'labs.id as labId',
        'labs.name as labName',
        'schools.id as schoolId',
        'schools.name as schoolName',
      ])
      .where('enrolment_codes.code_hash', '=', hashEnrolmentCode(request.code))
      .executeTakeFirst();
    if (!code || code.revokedAt !== null || code.expiresAt <= nowText || code.uses >= code.maxUses) throw codeInvalid();

    await trx.updateTable('enrolment_codes').set({ uses: code.uses + 1 }).where('id', '=', code.codeId).execute();
    const deviceToken = newToken();
    const deviceId = randomUUID();
    await trx
      .insertInto('devices')
      .values({
        id: deviceId,
        lab_id: code.labId,
        seat_name: request.seatName,
        token_hash: hashToken(deviceToken),
        os: request.os ?? null,
        app_version: request.appVersion ?? null,
        enrolled_at: nowText,
        last_seen_at: nowText,
        revoked_at: null,
        last_address: address,
      })
      .execute();
    return {
      deviceToken,
      seat: {
        deviceId,
        seatName: request.seatName,
        labId: code.labId,
        labName: code.labName,
        schoolId: code.schoolId,
        schoolName: code.schoolName,
      },
    };
  });
}

/** The enrolled, non-revoked device holding this token, or undefined. */
export async function findActiveDevice(db: StoreDb, deviceToken: string): Promise<DeviceRow | undefined> {
  const device = await db
    .selectFrom('devices')
    .selectAll()
    .where('token_hash', '=', hashToken(deviceToken))
    .executeTakeFirst();
  return device && device.revoked_at === null ? device : undefined;
}

export async function markDeviceSeen(db: StoreDb, deviceId: string, address: string | null = null, now = new Date()): Promise<void> {
  await db.updateTable('devices').set({ last_seen_at: now.toISOString(), last_address: address }).where('id', '=', deviceId).execute();
}
