import { Type, type Static } from 'typebox';

export const HealthResponse = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  database: Type.Object({ ok: Type.Boolean(), schemaVersion: Type.Integer() }),
  media: Type.Object({
    available: Type.Boolean(),
    /** Why live media is off, in words an IT admin can act on. */
    reason: Type.Optional(Type.String()),
  }),
});
export type HealthResponse = Static<typeof HealthResponse>;
