import { HostErrorCode, checker, hostMethods, isHostMethod, type Checker, type HostMethod, type HostResponse } from '@sinif/shared';
import type { TSchema } from 'typebox';
import { HostFailure } from './host-failure.ts';
import type { HostService } from './host-service.ts';

export type HostDispatcher = (method: unknown, args: unknown) => Promise<HostResponse>;

export interface DispatcherOptions {
  /** Where unexpected errors go; their details never reach the caller. */
  logError?: (message: string, error: unknown) => void;
}

// Compiled once: the schemas are static and compiling is the slow part.
const argCheckers = Object.fromEntries(
  Object.entries(hostMethods).map(([name, spec]) => [name, checker(spec.args as TSchema)]),
) as Record<HostMethod, Checker<TSchema>>;

function failure(code: string, message: string, details?: unknown): HostResponse {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
}

/**
 * Turns untrusted `(method, args)` pairs into core calls. Both the Electron
 * IPC handler and the loopback bridge go through this, so the method table
 * and the argument schemas are checked in exactly one place, before any core
 * code runs.
 */
export function createHostDispatcher(core: HostService, options: DispatcherOptions = {}): HostDispatcher {
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  return async (method, args) => {
    if (!isHostMethod(method)) {
      return failure(HostErrorCode.unknownMethod, `Unknown host method: ${String(method).slice(0, 80)}`);
    }
    const argChecker = argCheckers[method];
    if (!argChecker.check(args)) {
      return failure(HostErrorCode.invalidArgument, `Invalid arguments for ${method}: ${argChecker.problems(args).join('; ')}`);
    }
    try {
      const handler = core[method] as (a: unknown) => Promise<unknown>;
      const value = await handler.call(core, args);
      return { ok: true, value } as HostResponse;
    } catch (error) {
      if (error instanceof HostFailure) return failure(error.code, error.message, error.details);
      logError(`host method ${method} failed`, error);
      return failure(HostErrorCode.internal, 'Something went wrong in the app. Try again.');
    }
  };
}
