/** /api/v1/me and /api/v1/auth/sign-out-everywhere: the signed-in person. */
import { Type, type Static } from 'typebox';
import { UserSummary } from '../domain/people.ts';
import { RoleGrant } from '../permissions.ts';
import { NewPassword } from './ids.ts';

export const MeResponse = Type.Object({
  user: UserSummary,
  /** Every (role, school) the person holds; the permission matrix is applied to these. */
  grants: Type.Array(RoleGrant),
  mustChangePassword: Type.Boolean(),
  /** The enrolled PC this session was opened on, if any. */
  deviceId: Type.Union([Type.String(), Type.Null()]),
});
export type MeResponse = Static<typeof MeResponse>;

export const ChangePasswordRequest = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: NewPassword,
  },
  { additionalProperties: false },
);
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;

export const SignedOutResponse = Type.Object({
  /** How many sessions were ended. */
  sessionsEnded: Type.Integer({ minimum: 0 }),
});
export type SignedOutResponse = Static<typeof SignedOutResponse>;
