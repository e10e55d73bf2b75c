// A seat believes only the newest word of the server: unit rules of
// SeatRevision, then a real seat link on a real server whose older words
// (its first join answer, a command already superseded) are delivered again
// late, as a reordering network would, and must not roll its lock back.
import { describe, expect, it } from 'vitest';
import type { LabSeatCommand, LabSeatCommandAck, LabSeatState } from '@sinif/shared';
import { SeatRevision } from '../../../src/core/lab/seat-revision.ts';
import { demoLabWithCores } from '../../support/desktop-cores.ts';
import { linkViewWhere, replay, seatLink as openSeatLink, seatOf } from '../../support/seat-link.ts';

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

  it("takes the revision of the seat's own change (its hand) like a command's: next, skipped, or already passed", () => {
    const seat = new SeatRevision();
    seat.admitState(state(2));
    expect(seat.admitOwn(3)).toBe('apply');
    expect(seat.admitOwn(3)).toBe('stale');
    expect(seat.admitOwn(6)).toBe('gap');
  });

  it('keeps its revision when its own change skips a step, so the missed command (a lock) still applies when it arrives late', () => {
    const seat = new SeatRevision();
    seat.admitState(state(2));
    // The hand ack (no directives) overtook command 3.
    expect(seat.admitOwn(4)).toBe('gap');
    expect(seat.revision).toBe(2);
    expect(seat.admitCommand(command(3))).toBe('apply');
    expect(seat.admitState(state(4))).toBe(true);
  });
});

const fixture = demoLabWithCores();

const seatLink = (username: string, seatName: string) => openSeatLink(fixture.server, username, seatName);
const viewWhere = linkViewWhere;

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
