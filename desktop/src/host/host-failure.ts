import type { HostErrorCode } from '@sinif/shared';

/**
 * The one error type that may cross the host boundary with its own code and
 * message. Anything else thrown by the core becomes a generic INTERNAL error,
 * so internals never reach the renderer.
 */
export class HostFailure extends Error {
  readonly code: HostErrorCode;
  /** Machine-readable extras that cross the boundary too (CSV_INVALID rows). */
  readonly details: unknown;

  constructor(code: HostErrorCode, message: string, options?: { cause?: unknown; details?: unknown }) {
    super(message, options);
    this.name = 'HostFailure';
    this.code = code;
    this.details = options?.details;
  }
}
