import { HostErrorCode } from '@sinif/shared';
import { HostFailure } from '../../host/host-failure.ts';

/** Tries of one teacher command; each waits for the link (lab-calls.ts), so this covers a server restart. */
export const COMMAND_TRIES = 4;

/**
 * A teacher's command, sent again with the same id while the server cannot
 * be reached: the server applies an id once and answers a repeat with the
 * first result, so a retry after a lost ack or during a server restart never
 * locks twice. Any other failure is the answer.
 */
export async function retriedWhileUnreachable<T>(send: () => Promise<T>, tries = COMMAND_TRIES): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      const unreachable = error instanceof HostFailure && error.code === HostErrorCode.serverUnreachable;
      if (!unreachable || attempt >= tries) throw error;
    }
  }
}
