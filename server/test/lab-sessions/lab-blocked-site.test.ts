// `lab:blockedSite`: a seat reports a site its allowlist refused; the teacher's
// seat map counts them per seat with the last host. Real server, real sockets.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LabBlockedSiteAck, LabSeatUpdate, LabTeacherState } from '@sinif/shared';
import { startLabSession, type Classroom } from '../support/lab-classroom.ts';
import { labSuite } from '../support/lab-suite.ts';
import { call, nextEvent, ok, openSocket } from '../support/lab-sockets.ts';

const lab = labSuite();
let room: Classroom;

async function startedClassroom(seatCount = 2): Promise<LabTeacherState> {
  room = await lab.openClassroom(seatCount);
  return startLabSession(room);
}

async function setAllowlist(sessionId: string, hostnames: string[] | null): Promise<void> {
  const id = randomUUID();
  await ok(room.teacher, 'lab:command', { sessionId, id, targets: 'all', kind: 'setAllowlist', hostnames });
  await room.deliveries.waitFor(id, room.pcs.map((pc) => pc.id), 'applied');
}

const report = (sessionId: string, host: string) => ({ sessionId, host, at: new Date().toISOString() });

describe('blocked-site reports', () => {
  it('counts a refused site on the seat map with its host, and not a host the allowlist holds', async () => {
    const state = await startedClassroom();
    await setAllowlist(state.sessionId, ['*.wikipedia.org']);
    const seat = room.seats[0]!.socket;
    const pc = room.pcs[0]!.id;

    const counted = nextEvent<LabSeatUpdate>(room.teacher, 'lab:seat', (u) => u.seats.some((s) => s.deviceId === pc && s.blockedSites === 1));
    expect(await ok<LabBlockedSiteAck>(seat, 'lab:blockedSite', report(state.sessionId, 'games.example'))).toEqual({ counted: true });
    const entry = (await counted).seats.find((s) => s.deviceId === pc)!;
    expect(entry.lastBlockedSite?.host).toBe('games.example');
    expect(Date.parse(entry.lastBlockedSite!.at)).not.toBeNaN();

    // Allowed after all (a report racing the teacher's change): answered, not counted.
    expect(await ok<LabBlockedSiteAck>(seat, 'lab:blockedSite', report(state.sessionId, 'az.wikipedia.org'))).toEqual({ counted: false });
    const second = nextEvent<LabSeatUpdate>(room.teacher, 'lab:seat', (u) => u.seats.some((s) => s.deviceId === pc && s.blockedSites === 2));
    await ok(seat, 'lab:blockedSite', report(state.sessionId, 'chat.example'));
    expect((await second).seats.find((s) => s.deviceId === pc)?.lastBlockedSite?.host).toBe('chat.example');

    // A teacher who (re)joins sees the counts in the full map; other seats are untouched.
    const map = await ok<LabTeacherState>(room.teacher, 'lab:join', { labId: room.labId });
    expect(map.seats.find((s) => s.deviceId === pc)).toMatchObject({ blockedSites: 2, lastBlockedSite: { host: 'chat.example' } });
    expect(map.seats.find((s) => s.deviceId === room.pcs[1]!.id)).toMatchObject({ blockedSites: 0, lastBlockedSite: null });
  });

  it('does not count reports from a seat without an allowlist', async () => {
    const state = await startedClassroom(1);
    expect(await ok<LabBlockedSiteAck>(room.seats[0]!.socket, 'lab:blockedSite', report(state.sessionId, 'games.example'))).toEqual({ counted: false });
    const map = await ok<LabTeacherState>(room.teacher, 'lab:join', { labId: room.labId });
    expect(map.seats[0]).toMatchObject({ blockedSites: 0, lastBlockedSite: null });
  });

  it('refuses a report from the teacher and from a student socket that is no seat of the session', async () => {
    const state = await startedClassroom(1);
    await setAllowlist(state.sessionId, ['example.org']);
    expect(await call(room.teacher, 'lab:blockedSite', report(state.sessionId, 'games.example'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The same student, signed in from home (no PC of the lab): not a seat.
    const atHome = await openSocket(lab.server.url, { token: await lab.fx.session(room.students[0]!) });
    lab.track(atHome);
    expect(await call(atHome, 'lab:blockedSite', report(state.sessionId, 'games.example'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const map = await ok<LabTeacherState>(room.teacher, 'lab:join', { labId: room.labId });
    expect(map.seats[0]?.blockedSites).toBe(0);
  });

  it('validates the report against the shared schema: a host only, a time, nothing else', async () => {
    const state = await startedClassroom(1);
    const seat = room.seats[0]!.socket;
    const bad = [
      { sessionId: state.sessionId, host: 'games.example/search?q=x', at: new Date().toISOString() },
      { sessionId: state.sessionId, host: 'https://games.example', at: new Date().toISOString() },
      { sessionId: state.sessionId, host: 'games.example', at: 'yesterday' },
      { sessionId: state.sessionId, host: 'games.example', at: new Date().toISOString(), url: 'https://games.example/x' },
      { host: 'games.example', at: new Date().toISOString() },
    ];
    for (const payload of bad) expect(await call(seat, 'lab:blockedSite', payload)).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(await call(seat, 'lab:blockedSite', report('no-such-session', 'games.example'))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('rate-limits a seat that keeps reporting, counting only what it let through', async () => {
    const state = await startedClassroom(1);
    await setAllowlist(state.sessionId, ['example.org']);
    const seat = room.seats[0]!.socket;
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => call(seat, 'lab:blockedSite', report(state.sessionId, `spam${i}.example`))));
    const accepted = answers.filter((a) => a.ok).length;
    expect(answers.filter((a) => !a.ok && a.error.code === 'TOO_MANY_REQUESTS').length).toBeGreaterThanOrEqual(15);
    expect(accepted).toBeGreaterThanOrEqual(10);
    expect(accepted).toBeLessThanOrEqual(12);
    // Its own bucket: the seat's hand still goes up.
    expect(await call(seat, 'lab:hand', { sessionId: state.sessionId, raised: true })).toMatchObject({ ok: true });
    const map = await ok<LabTeacherState>(room.teacher, 'lab:join', { labId: room.labId });
    expect(map.seats[0]?.blockedSites).toBe(accepted);
  });
});
