/** Where each PC sits on a lab's seat map, as IT staff arrange it. */
import type { LabLayout, SeatPosition } from '@sinif/shared';
import type { Kysely } from 'kysely';
import type { StoreSchema } from '../db/schema.ts';
import { ApiError } from '../http/api-error.ts';
import { ErrorCode } from '@sinif/shared';

/** Places the given PCs; refuses (CONFLICT, nothing written) when one is not an enrolled PC of the lab. */
export async function placeSeats(db: Kysely<StoreSchema>, labId: string, seats: readonly SeatPosition[]): Promise<LabLayout> {
  const ids = seats.map((s) => s.deviceId);
  if (new Set(ids).size !== ids.length) throw new ApiError(400, ErrorCode.invalidBody, 'Each PC may be placed once.');
  const found = await db.selectFrom('devices').select('id').where('lab_id', '=', labId).where('revoked_at', 'is', null).where('id', 'in', ids).execute();
  const known = new Set(found.map((d) => d.id));
  const strangers = ids.filter((id) => !known.has(id));
  if (strangers.length > 0) throw new ApiError(409, ErrorCode.conflict, `Not enrolled PCs of this lab: ${strangers.join(', ')}.`);
  for (const seat of seats) await db.updateTable('devices').set({ seat_x: seat.x, seat_y: seat.y }).where('id', '=', seat.deviceId).execute();
  const placed = await db
    .selectFrom('devices')
    .select(['id as deviceId', 'seat_x as x', 'seat_y as y'])
    .where('lab_id', '=', labId)
    .where('revoked_at', 'is', null)
    .where('seat_x', 'is not', null)
    .orderBy('seat_name')
    .execute();
  return { labId, seats: placed.map((p) => ({ deviceId: p.deviceId, x: p.x ?? 0, y: p.y ?? 0 })) };
}
