import { Type, type Static } from 'typebox';
import { UserSummary } from '../domain/people.ts';

export const SignInRequest = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type SignInRequest = Static<typeof SignInRequest>;

export const SignInResponse = Type.Object({
  /** Bearer token; the server stores only its hash. */
  token: Type.String(),
  expiresAt: Type.String(),
  user: UserSummary,
  /**
   * True after an admin set the password (roster import, reset): the client
   * should ask for a new one (POST /api/v1/me/password). Advisory: the server
   * does not refuse other requests meanwhile.
   */
  mustChangePassword: Type.Optional(Type.Boolean()),
});
export type SignInResponse = Static<typeof SignInResponse>;
