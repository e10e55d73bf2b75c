// What a seat's core tells its host to enforce (lock windows, site filter) and
// how a refused site reaches the student's notice and the teacher's seat map:
// real desktop cores against a real demo server.
import { describe, expect, it } from 'vitest';
import type { LabTeacherState, LabView } from '@sinif/shared';
import type { DesktopCore } from '../../../src/core/desktop-core.ts';
import type { SeatEnforcement } from '../../../src/core/lab/seat-enforcement.ts';
import { eventually } from '../../support/demo-server.ts';
import { demoLabWithCores } from '../../support/desktop-cores.ts';

const lab = demoLabWithCores();

function viewWhere(core: DesktopCore, accept: (view: LabView) => boolean, timeoutMs = 8_000): Promise<LabView> {
  return eventually(async () => {
    const view = await core['lab.state']({});
    return accept(view) ? view : undefined;
  }, timeoutMs);
}
const mapOf = (view: LabView) => (view.session?.view === 'teacher' ? (view.session as LabTeacherState) : null);

async function classroom() {
  const teacher = await lab.cores.signedIn(lab.server.demo.teacher, 'TEACHER-PC');
  const seat = await lab.cores.signedIn(lab.server.demo.students[0]!, 'PC-1');
  const heard: SeatEnforcement[] = [];
  seat.onSeatEnforcement((enforcement) => heard.push(enforcement));
  await teacher['lab.start']({});
  await viewWhere(seat, (v) => v.session?.view === 'seat');
  return { teacher, seat, heard };
}

async function until<T>(check: () => T | undefined, timeoutMs = 8_000): Promise<T> {
  return eventually(async () => check(), timeoutMs);
}

describe('seat enforcement feed', () => {
  it('pushes each change of lock and allowlist to the host, and nothing once the session ends', async () => {
    const { teacher, seat, heard } = await classroom();
    expect(heard).toEqual([{ lock: null, allowlist: null }]);

    await teacher['lab.command']({ targets: 'all', command: { kind: 'setAllowlist', hostnames: ['*.wikipedia.org'] } });
    await until(() => heard.find((e) => e.allowlist !== null));
    await teacher['lab.command']({ targets: 'all', command: { kind: 'lock', message: 'Gözlər lövhəyə' } });
    await until(() => heard.find((e) => e.lock !== null));
    // A chat line or a message changes nothing to enforce: no new entry.
    await teacher['lab.command']({ targets: 'all', command: { kind: 'message', text: 'Two minutes' } });
    await viewWhere(seat, (v) => v.messages.length === 1);
    await teacher['lab.end']({});
    await until(() => (heard.at(-1)?.lock === null && heard.length > 3 ? true : undefined));

    expect(heard).toEqual([
      { lock: null, allowlist: null },
      { lock: null, allowlist: ['*.wikipedia.org'] },
      { lock: { mode: 'lock', message: 'Gözlər lövhəyə' }, allowlist: ['*.wikipedia.org'] },
      { lock: null, allowlist: null },
    ]);
  }, 20_000);
});

describe('blocked sites', () => {
  it("shows the student the refused host and counts it on the teacher's seat map, host only", async () => {
    const { teacher, seat } = await classroom();
    // No allowlist: nothing is refused.
    expect(await seat['lab.blockedSite']({ url: 'https://games.example/play' })).toEqual({ host: 'games.example', reported: false });
    expect((await seat['lab.state']({})).blockedSite).toBeNull();

    await teacher['lab.command']({ targets: 'all', command: { kind: 'setAllowlist', hostnames: ['*.wikipedia.org'] } });
    await viewWhere(seat, (v) => v.session?.view === 'seat' && v.session.directives.allowlist !== null);
    expect(await seat['lab.blockedSite']({ url: 'https://games.example/play?name=Aysel' })).toEqual({ host: 'games.example', reported: true });
    expect((await seat['lab.state']({})).blockedSite?.host).toBe('games.example');
    const deviceId = (await seat['app.info']({})).seat!.deviceId;
    const seatIn = (view: LabView) => mapOf(view)?.seats.find((s) => s.deviceId === deviceId);
    const map = await viewWhere(teacher, (v) => (seatIn(v)?.blockedSites ?? 0) > 0);
    expect(seatIn(map)).toMatchObject({ blockedSites: 1, lastBlockedSite: { host: 'games.example' } });

    // The same host again at once: the notice stays, the teachers are not told twice.
    expect(await seat['lab.blockedSite']({ url: 'https://games.example/other' })).toEqual({ host: 'games.example', reported: false });
    // A site the allowlist holds is no refusal; a non-web address is ignored.
    expect(await seat['lab.blockedSite']({ url: 'https://az.wikipedia.org/wiki/Bakı' })).toEqual({ host: 'az.wikipedia.org', reported: false });
    expect(await seat['lab.blockedSite']({ url: 'not a url' })).toEqual({ host: null, reported: false });
    expect((await seat['lab.state']({})).blockedSite?.host).toBe('games.example');

    await teacher['lab.end']({});
    const after = await viewWhere(seat, (v) => v.session === null);
    expect(after.blockedSite).toBeNull();
  }, 20_000);
});
