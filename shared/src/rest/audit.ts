/** GET /api/v1/admin/audit: who did what, newest first. */
import { Type, type Static } from 'typebox';
import { EntityId, IsoTime, PageLimit } from './ids.ts';

export const AuditQuery = Type.Object(
  {
    schoolId: EntityId,
    limit: Type.Optional(PageLimit),
    /** Event id to continue before (from `nextBefore`). */
    before: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditEvent = Type.Object({
  id: Type.Integer(),
  at: IsoTime,
  actorUserId: Type.Union([Type.String(), Type.Null()]),
  schoolId: Type.Union([Type.String(), Type.Null()]),
  /** e.g. `user.disable`, `auth.signInFailed`. */
  action: Type.String(),
  target: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Unknown(),
  ip: Type.Union([Type.String(), Type.Null()]),
});
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditPage = Type.Object({
  events: Type.Array(AuditEvent),
  /** Pass as `before` for the next (older) page; absent at the end. */
  nextBefore: Type.Optional(Type.Integer()),
});
export type AuditPage = Static<typeof AuditPage>;
