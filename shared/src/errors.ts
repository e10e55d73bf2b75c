import { Type, type Static } from 'typebox';

/**
 * Stable error codes. Clients switch on these (and translate them); the
 * message is for logs and developers. Never rename a code: add a new one.
 */
export const ErrorCode = {
  badRequest: 'BAD_REQUEST',
  invalidBody: 'INVALID_BODY',
  invalidJson: 'INVALID_JSON',
  unsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  payloadTooLarge: 'PAYLOAD_TOO_LARGE',
  notFound: 'NOT_FOUND',
  methodNotAllowed: 'METHOD_NOT_ALLOWED',
  unauthenticated: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  invalidCredentials: 'INVALID_CREDENTIALS',
  enrolmentCodeInvalid: 'ENROLMENT_CODE_INVALID',
  deviceRevoked: 'DEVICE_REVOKED',
  rangeNotSatisfiable: 'RANGE_NOT_SATISFIABLE',
  tooManyRequests: 'TOO_MANY_REQUESTS',
  /** Sent to a socket just before the server drops it because its session ended (sign-out, user disabled). */
  sessionRevoked: 'SESSION_REVOKED',
  /** The request names something that exists but cannot take this change (duplicate name, other school). */
  conflict: 'CONFLICT',
  /** A CSV import had bad rows; `error.details.rows` lists them by line and nothing was imported. */
  csvInvalid: 'CSV_INVALID',
  unavailable: 'SERVICE_UNAVAILABLE',
  /** A socket event's payload does not match its shared schema (REST bodies use INVALID_BODY). */
  invalidPayload: 'INVALID_PAYLOAD',
  /** A lesson package was rejected whole; `error.details.problems` lists every problem found and nothing was imported. */
  packageInvalid: 'PACKAGE_INVALID',
  /** An upload's bytes do not hash to the sha256 the client declared; nothing was stored. */
  contentHashMismatch: 'CONTENT_HASH_MISMATCH',
  internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The JSON body of every non-2xx REST response. */
export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    /** Machine-readable extras for some codes (e.g. CSV_INVALID's bad rows). */
    details: Type.Optional(Type.Unknown()),
  }),
});
export type ErrorBody = Static<typeof ErrorBody>;
