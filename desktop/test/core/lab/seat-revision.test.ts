// A seat believes only the newest word of the server: unit rules of
// SeatRevision, then a real seat link on a real server whose older words
// (its first join answer, a command already superseded) are delivered again
// late, as a reordering network would, and must not roll its lock back.
import { describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { DEVICE_HEADER, type LabSeatCommand, type LabSeatCommandAck, type LabSeatState, type LabView } from '@sinif/shared';
import { LabLink } from '../../../src/core/lab/lab-link.ts';
import type { CoreSocket } from '../../../src/core/session-link.ts';
import { SeatRevision } from '../../../src/core/lab/seat-revision.ts';
import { eventually } from '../../support/demo-server.ts';
import { demoLabWithCores } from '../../support/desktop-cores.ts';

const directives = { lock: null, lessonId: null, siteUrl: null, allowlist: null };
const state = (revision: number, sessionId = 's1') => ({ view: 'seat', sessionId, revision }) as LabSeatState;
const command = (revision: number, sessionId = 's1') => ({ sessionId, commandId: `c${revision}`, command: { kind: 'unlock' }, directives, revision }) as LabSeatCommand;

describe('seat revision rules', () => {
  it('takes the next command, refuses an older or repeated one, and calls a skipped step a gap', () => {
    const seat = new SeatRevision();
    expect(seat.admitState(state(4))).toBe(true);
    expect(seat.admitCommand(command(5))).toBe('apply');
    expect(seat.admitCommand(command(5))).toBe('stale');
    expect(seat.admitCommand(command(3))).toBe('stale');
    expect(seat.admitCommand(command(8))).toBe('gap');
    expect(seat.revision).toBe(8);
    expect(seat.admitCommand(command(9, 'other'))).toBe('unknown');
  });

  it('refuses a state older than the revision held, takes an equal one, and starts over for another session', () => {
    const seat = new SeatRevision();
    seat.admitState(state(2));
    seat.admitCommand(command(3));
    expect(seat.admitState(state(2))).toBe(false);
    expect(seat.admitState(state(3))).toBe(true);
    expect(seat.admitState(state(0, 's2'))).toBe(true);
    expect(seat.revision).toBe(0);
    seat.reset();
    expect(seat.admitCommand(command(1, 's2'))).toBe('unknown');
  });
});

const fixture = demoLabWithCores();

/** A seat's lab link as the desktop core runs it, on its own real socket (so the test can replay what it heard). */
async function seatLink(username: string, seatName: string): Promise<{ link: LabLink; socket: Socket; close: () => void }> {
  const { url, demo } = fixture.server;
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
  // This test pushes no lessons: every lesson counts as cached.
  const link = new LabLink({ ready: async () => true, fetch: async () => null, progress: async () => ({ done: 0, total: 0 }) }, (message, error) => {
    throw new Error(`${message}: ${String(error)}`);
  });
  link.bind(socket as unknown as CoreSocket, { labId: enrol.seat.labId, deviceId: enrol.seat.deviceId });
  return { link, socket, close: () => (link.unbind(), socket.disconnect()) };
}

function viewWhere(link: LabLink, accept: (view: LabView) => boolean): Promise<LabView> {
  return eventually(async () => {
    const view = await link.view();
    return accept(view) ? view : undefined;
  }, 8_000);
}
const seatOf = (view: LabView) => (view.session?.view === 'seat' ? view.session : null);

/** Hands `args` to every listener of `event`, as if the socket had just received it. */
function replay(socket: Socket, event: string, ...args: unknown[]): void {
  for (const listener of socket.listeners(event)) listener(...args);
}

describe('a seat link hearing the server out of order', () => {
  it('keeps its newest lock when an older join answer or an older command arrives late', async () => {
    const teacher = await fixture.cores.signedIn(fixture.server.demo.teacher, 'TEACHER-PC');
    const seat = await seatLink('student1', 'PC-1');
    try {
      await teacher['lab.start']({});
      const firstAnswer = seatOf(await viewWhere(seat.link, (v) => seatOf(v) !== null))!;
      expect(firstAnswer.revision).toBe(0);
      const heard: LabSeatCommand[] = [];
      seat.socket.on('lab:command', (c: LabSeatCommand) => heard.push(c));
      await teacher['lab.command']({ targets: 'all', command: { kind: 'lock', message: null } });
      await teacher['lab.command']({ targets: 'all', command: { kind: 'unlock' } });
      await teacher['lab.command']({ targets: 'all', command: { kind: 'lock', message: 'Again' } });
      const locked = seatOf(await viewWhere(seat.link, (v) => seatOf(v)?.directives.lock?.message === 'Again'))!;
      expect(heard.map((c) => c.revision)).toEqual([1, 2, 3]);

      replay(seat.socket, 'lab:state', firstAnswer);
      const acks: LabSeatCommandAck[] = [];
      replay(seat.socket, 'lab:command', heard[1], (ack: LabSeatCommandAck) => acks.push(ack));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const after = seatOf(await seat.link.view())!;
      expect(after.directives).toEqual(locked.directives);
      expect(after.revision).toBe(3);
      // The late command is acknowledged: the state the seat holds already went past it.
      expect(acks).toEqual([{ ok: true, status: 'applied' }]);

      // A real rejoin (the link drops and comes back) answers the current revision, which is taken.
      seat.socket.disconnect().connect();
      await viewWhere(seat.link, (v) => v.connected);
      expect(seatOf(await viewWhere(seat.link, (v) => seatOf(v)?.revision === 3))!.directives.lock?.message).toBe('Again');
      await teacher['lab.end']({});
    } finally {
      seat.close();
    }
  });
});
