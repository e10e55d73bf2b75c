/** PATCH /api/v1/admin/labs/:labId/layout: where each PC sits on the teacher's seat map. */
import { Type, type Static } from 'typebox';
import { EntityId } from './ids.ts';

export const LabParams = Type.Object({ labId: EntityId }, { additionalProperties: false });
export type LabParams = Static<typeof LabParams>;

const Coordinate = Type.Number({ minimum: 0, maximum: 10_000 });
export const SeatPosition = Type.Object({ deviceId: EntityId, x: Coordinate, y: Coordinate }, { additionalProperties: false });
export type SeatPosition = Static<typeof SeatPosition>;

/** Places the listed PCs (others keep their place); every PC must belong to the lab. */
export const LabLayoutRequest = Type.Object(
  { seats: Type.Array(SeatPosition, { minItems: 1, maxItems: 500, uniqueItems: true }) },
  { additionalProperties: false },
);
export type LabLayoutRequest = Static<typeof LabLayoutRequest>;
export const LabLayout = Type.Object({ labId: Type.String(), seats: Type.Array(SeatPosition) });
export type LabLayout = Static<typeof LabLayout>;
