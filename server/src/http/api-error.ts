/**
 * The one error type routes throw on purpose. The error handler turns it into
 * `{ error: { code, message } }` with its status; anything else becomes 500.
 */
import { ErrorCode } from '@sinif/shared';

export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: ErrorCode;
  readonly headers: Record<string, string> | undefined;
  /** Sent as `error.details` (e.g. the bad rows of a CSV import). */
  readonly details: unknown;
  constructor(statusCode: number, code: ErrorCode, message: string, headers?: Record<string, string>, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.code = code;
    this.headers = headers;
    this.details = details;
  }
}

export const unauthenticated = (message = 'Sign in first.'): ApiError =>
  new ApiError(401, ErrorCode.unauthenticated, message);
export const forbidden = (message = 'You may not do this.'): ApiError => new ApiError(403, ErrorCode.forbidden, message);
export const deviceRevoked = (): ApiError =>
  new ApiError(401, ErrorCode.deviceRevoked, 'This computer is no longer enrolled; ask IT staff to enrol it again.');
export const notFound = (message = 'Not found.'): ApiError => new ApiError(404, ErrorCode.notFound, message);
export const conflict = (message: string): ApiError => new ApiError(409, ErrorCode.conflict, message);
