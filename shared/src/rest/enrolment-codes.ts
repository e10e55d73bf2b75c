/** /api/v1/admin/enrolment-codes: codes IT staff type into new lab PCs. */
import { Type, type Static } from 'typebox';
import { EntityId, IsoTime } from './ids.ts';

export const CreateEnrolmentCodeRequest = Type.Object(
  {
    labId: EntityId,
    /** Default 40: a lab plus spares. */
    maxUses: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    /** Default 72 hours; at most 30 days. */
    ttlHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720 })),
  },
  { additionalProperties: false },
);
export type CreateEnrolmentCodeRequest = Static<typeof CreateEnrolmentCodeRequest>;

export const EnrolmentCodeInfo = Type.Object({
  id: Type.String(),
  labId: Type.String(),
  labName: Type.String(),
  schoolId: Type.String(),
  expiresAt: IsoTime,
  maxUses: Type.Integer(),
  uses: Type.Integer(),
  createdAt: IsoTime,
  revokedAt: Type.Union([IsoTime, Type.Null()]),
  /** usable = not revoked, not expired, uses left. */
  usable: Type.Boolean(),
});
export type EnrolmentCodeInfo = Static<typeof EnrolmentCodeInfo>;

export const CreateEnrolmentCodeResponse = Type.Object({
  /** Shown this once (the server keeps only its hash), e.g. `K7QM-2XHP`. */
  code: Type.String(),
  info: EnrolmentCodeInfo,
});
export type CreateEnrolmentCodeResponse = Static<typeof CreateEnrolmentCodeResponse>;

export const EnrolmentCodeList = Type.Object({ codes: Type.Array(EnrolmentCodeInfo) });
export type EnrolmentCodeList = Static<typeof EnrolmentCodeList>;
export const EnrolmentCodeParams = Type.Object({ codeId: EntityId }, { additionalProperties: false });
export type EnrolmentCodeParams = Static<typeof EnrolmentCodeParams>;
