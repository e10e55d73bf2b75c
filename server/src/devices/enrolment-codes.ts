/**
 * Enrolment codes as IT staff make them: short enough to type on a PC in
 * front of a class (`K7QM-2XHP`: 8 symbols from 31 with no look-alikes,
 * ~40 bits), expiring, with a use limit, stored only as a hash. Guessing is
 * held off by the expiry and the per-address rate limit on /devices/enrol.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { EnrolmentCodeInfo } from '@sinif/shared';
import type { Kysely } from 'kysely';
import type { StoreDb } from '../db/store.ts';
import type { StoreSchema } from '../db/schema.ts';
import { hashEnrolmentCode } from './enrolment.ts';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function newEnrolmentCode(): string {
  let code = '';
  for (let i = 0; i < 8; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export async function createEnrolmentCode(
  db: Kysely<StoreSchema>,
  input: { labId: string; maxUses: number; ttlHours: number; createdBy: string | null },
  now = new Date(),
): Promise<{ code: string; id: string }> {
  const code = newEnrolmentCode();
  const id = randomUUID();
  await db
    .insertInto('enrolment_codes')
    .values({
      id,
      lab_id: input.labId,
      code_hash: hashEnrolmentCode(code),
      expires_at: new Date(now.getTime() + input.ttlHours * 3_600_000).toISOString(),
      max_uses: input.maxUses,
      created_at: now.toISOString(),
      created_by: input.createdBy,
    })
    .execute();
  return { code, id };
}

function codeQuery(db: StoreDb) {
  return db
    .selectFrom('enrolment_codes')
    .innerJoin('labs', 'labs.id', 'enrolment_codes.lab_id')
    .select([
      'enrolment_codes.id as id',
      'enrolment_codes.lab_id as labId',
      'labs.name as labName',
      'labs.school_id as schoolId',
      'enrolment_codes.expires_at as expiresAt',
      'enrolment_codes.max_uses as maxUses',
      'enrolment_codes.uses as uses',
      'enrolment_codes.created_at as createdAt',
      'enrolment_codes.revoked_at as revokedAt',
    ]);
}

type CodeRow = Omit<EnrolmentCodeInfo, 'usable'>;
const withUsable = (row: CodeRow, now: string): EnrolmentCodeInfo => ({
  ...row,
  usable: row.revokedAt === null && row.expiresAt > now && row.uses < row.maxUses,
});

export async function enrolmentCodeInfo(db: StoreDb, id: string, now = new Date()): Promise<EnrolmentCodeInfo | undefined> {
  const row = await codeQuery(db).where('enrolment_codes.id', '=', id).executeTakeFirst();
  return row ? withUsable(row, now.toISOString()) : undefined;
}

export async function schoolEnrolmentCodes(db: StoreDb, schoolId: string, now = new Date()): Promise<EnrolmentCodeInfo[]> {
  const rows = await codeQuery(db).where('labs.school_id', '=', schoolId).orderBy('enrolment_codes.created_at', 'desc').limit(500).execute();
  return rows.map((row) => withUsable(row, now.toISOString()));
}
