/**
 * Client → server lab events as promises: the ack's value, or a HostFailure
 * the renderer can translate (the server's stable code when the host contract
 * knows it, SERVER_UNREACHABLE when the link is down or the ack never came).
 */
import { HostErrorCode, type LabClientEvents, type SocketAck } from '@sinif/shared';
import type { Socket } from 'socket.io-client';
import { HostFailure } from '../../host/host-failure.ts';
import type { CoreSocket } from '../session-link.ts';
import { labAckCheck } from './lab-ack-schemas.ts';

type AckValue<E extends keyof LabClientEvents> = Parameters<LabClientEvents[E]>[1] extends (answer: SocketAck<infer T>) => void ? T : never;

/** Just after sign-in the link is still connecting: a call waits this long for it rather than failing. */
export const CONNECT_WAIT_MS = 3_000;

function connected(socket: CoreSocket, waitMs: number): Promise<boolean> {
  if (socket.connected) return Promise.resolve(true);
  if (!socket.active) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (value: boolean): void => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      resolve(value);
    };
    const onConnect = (): void => done(true);
    const timer = setTimeout(() => done(false), waitMs);
    socket.on('connect', onConnect);
  });
}

const knownCodes: ReadonlySet<string> = new Set(Object.values(HostErrorCode));

function unexpected(event: string, problems: string[]): HostFailure {
  return new HostFailure(HostErrorCode.internal, `The server sent an unexpected answer to ${event}: ${problems.join('; ')}`);
}

export async function labCall<E extends keyof LabClientEvents>(
  socket: CoreSocket | null,
  event: E,
  payload: Parameters<LabClientEvents[E]>[0],
  timeoutMs = 8_000,
): Promise<AckValue<E>> {
  if (!socket || !(await connected(socket, CONNECT_WAIT_MS))) {
    throw new HostFailure(HostErrorCode.serverUnreachable, 'The lab session needs the server, which cannot be reached now.');
  }
  let answer: SocketAck<AckValue<E>>;
  try {
    // The event maps type each ack; one untyped emit keeps this wrapper generic.
    answer = (await (socket as unknown as Socket).timeout(timeoutMs).emitWithAck(event, payload)) as SocketAck<AckValue<E>>;
  } catch (cause) {
    throw new HostFailure(HostErrorCode.serverUnreachable, `The server did not answer ${event} in time.`, { cause });
  }
  if (typeof answer !== 'object' || answer === null || typeof answer.ok !== 'boolean') throw unexpected(event, ['/: not an ack']);
  if (answer.ok) {
    const check = labAckCheck(event);
    if (!check.check(answer.value)) throw unexpected(event, check.problems(answer.value));
    return answer.value;
  }
  if (typeof answer.error?.code !== 'string') throw unexpected(event, ['/error: no error code']);
  const code = knownCodes.has(answer.error.code) ? (answer.error.code as HostErrorCode) : HostErrorCode.internal;
  throw new HostFailure(code, answer.error.message, { details: answer.error.details });
}
