/**
 * Checking a password typed by a person, behind the brute-force throttle, with
 * every refusal written to the audit log. Used by sign-in and password change.
 */
import type { FastifyRequest } from 'fastify';
import { ErrorCode } from '@sinif/shared';
import { ApiError } from '../http/api-error.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { UserRow } from '../db/schema.ts';
import { decoyPasswordHash, verifyPassword } from './secrets.ts';
import { normalizeUsername } from './people.ts';

export const invalidCredentials = (): ApiError => new ApiError(401, ErrorCode.invalidCredentials, 'Wrong username or password.');

function throttled(seconds: number, reason: 'account' | 'address'): ApiError {
  const who = reason === 'account' ? 'for this account' : 'from this network';
  return new ApiError(429, ErrorCode.tooManyRequests, `Too many failed sign-ins ${who}; try again in ${seconds} s.`, {
    'retry-after': String(seconds),
  });
}

/**
 * Resolves when `password` is right for `user` (an enabled account); throws
 * 429 while throttled, 401 INVALID_CREDENTIALS otherwise (same answer for an
 * unknown user, a wrong password and a disabled account).
 */
export async function checkPassword(request: FastifyRequest, typedUsername: string, user: UserRow | undefined, password: string): Promise<UserRow> {
  const app = request.server;
  const account = normalizeUsername(typedUsername).slice(0, 64);
  const verdict = app.signInThrottle.check(account, request.ip);
  const audit = (action: string, detail: Record<string, unknown>): Promise<void> =>
    recordAudit(app.store, { actorUserId: user?.id ?? null, schoolId: user?.school_id ?? null, action, target: account, detail, ip: request.ip });
  if (!verdict.allowed) {
    await audit('auth.signInThrottled', { by: verdict.reason, retryAfterSeconds: verdict.retryAfterSeconds });
    throw throttled(verdict.retryAfterSeconds, verdict.reason);
  }
  // Hash even for unknown users so the answer time does not reveal which usernames exist.
  const passwordOk = await verifyPassword(password, user?.password_hash ?? (await decoyPasswordHash()));
  if (!user || !passwordOk || user.disabled_at !== null) {
    app.signInThrottle.recordFailure(account, request.ip);
    await audit('auth.signInFailed', { reason: !user ? 'unknownUser' : !passwordOk ? 'wrongPassword' : 'disabled' });
    throw invalidCredentials();
  }
  app.signInThrottle.recordSuccess(account);
  return user;
}
