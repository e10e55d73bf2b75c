/**
 * A seat's LabLink as the desktop core runs it, on a real socket of its own
 * to a real demo server, so a test can drop the link (`socket.disconnect()`)
 * or hand the link again what it heard (`replay`), as a reordering network would.
 */
import { io, type Socket } from 'socket.io-client';
import { DEVICE_HEADER, type LabSeatState, type LabView } from '@sinif/shared';
import { LabLink } from '../../src/core/lab/lab-link.ts';
import type { CoreSocket } from '../../src/core/session-link.ts';
import { eventually, type startDemoServer } from './demo-server.ts';

type DemoServer = Awaited<ReturnType<typeof startDemoServer>>;

export interface SeatLink {
  link: LabLink;
  socket: Socket;
  close(): void;
}

/** Enrols a PC as `seatName` in the demo lab, signs `username` in on it and binds a LabLink to its socket. */
export async function seatLink(server: DemoServer, username: string, seatName: string): Promise<SeatLink> {
  const { url, demo } = server;
  const enrol = (await (await fetch(`${url}/api/v1/devices/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: demo.enrolmentCode, seatName }) })).json()) as {
    seat: { labId: string; deviceId: string };
    deviceToken: string;
  };
  const signIn = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [DEVICE_HEADER]: enrol.deviceToken },
    body: JSON.stringify({ username, password: 'sinif-demo' }),
  });
  const { token } = (await signIn.json()) as { token: string };
  const socket = io(url, { path: '/socket.io', auth: { token, deviceToken: enrol.deviceToken }, transports: ['websocket'], forceNew: true });
  // These tests push no lessons: every lesson counts as cached.
  const link = new LabLink({ ready: async () => true, fetch: async () => null, progress: async () => ({ done: 0, total: 0 }) }, (message, error) => {
    throw new Error(`${message}: ${String(error)}`);
  });
  link.bind(socket as unknown as CoreSocket, { labId: enrol.seat.labId, deviceId: enrol.seat.deviceId });
  return { link, socket, close: () => (link.unbind(), socket.disconnect()) };
}

export function linkViewWhere(link: LabLink, accept: (view: LabView) => boolean): Promise<LabView> {
  return eventually(async () => {
    const view = await link.view();
    return accept(view) ? view : undefined;
  }, 8_000);
}

export const seatOf = (view: LabView): LabSeatState | null => (view.session?.view === 'seat' ? view.session : null);

/** Hands `args` to every listener of `event`, as if the socket had just received it. */
export function replay(socket: Socket, event: string, ...args: unknown[]): void {
  for (const listener of socket.listeners(event)) listener(...args);
}
