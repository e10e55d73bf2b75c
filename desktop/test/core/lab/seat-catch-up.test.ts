// A seat's link catches up on what it missed, through a real server: the
// teacher's message sent while its link was down shows once it is back (and
// the teacher sees it applied), and a hand the student raised is not put down
// again by a state the server sent before the raise.
import { describe, expect, it } from 'vitest';
import type { LabSeatState, LabTeacherState, LabView } from '@sinif/shared';
import type { DesktopCore } from '../../../src/core/desktop-core.ts';
import { eventually } from '../../support/demo-server.ts';
import { demoLabWithCores } from '../../support/desktop-cores.ts';
import { linkViewWhere, replay, seatLink, seatOf } from '../../support/seat-link.ts';

const fixture = demoLabWithCores();

const mapOf = (view: LabView) => (view.session?.view === 'teacher' ? (view.session as LabTeacherState) : null);
function teacherViewWhere(core: DesktopCore, accept: (view: LabView) => boolean): Promise<LabView> {
  return eventually(async () => {
    const view = await core['lab.state']({});
    return accept(view) ? view : undefined;
  }, 8_000);
}

/** The teacher's core with a running session and one seat link in it. */
async function classroom() {
  const teacher = await fixture.cores.signedIn(fixture.server.demo.teacher, 'TEACHER-PC');
  const seat = await seatLink(fixture.server, 'student1', 'PC-1');
  await teacher['lab.start']({});
  const first = seatOf(await linkViewWhere(seat.link, (v) => seatOf(v) !== null))!;
  const deviceId = (await seat.link.view()).deviceId!;
  return { teacher, seat, first, deviceId };
}

describe('a seat link catching up', () => {
  it("shows the teacher's message sent while its link was down, once however often it is told, and the teacher sees it applied", async () => {
    const { teacher, seat, deviceId } = await classroom();
    try {
      const states: LabSeatState[] = [];
      seat.socket.on('lab:state', (state: LabSeatState) => states.push(state));
      seat.socket.disconnect();
      await teacherViewWhere(teacher, (v) => mapOf(v)?.seats.find((s) => s.deviceId === deviceId)?.online === false);
      const sent = await teacher['lab.command']({ targets: 'all', command: { kind: 'message', text: 'Səhifə 12-ni açın' } });
      await teacherViewWhere(teacher, (v) => v.lastCommand?.seats.some((s) => s.deviceId === deviceId && s.status === 'offline') === true);

      seat.socket.connect();
      const back = await linkViewWhere(seat.link, (v) => v.messages.length > 0);
      expect(back.messages.map((m) => m.text)).toEqual(['Səhifə 12-ni açın']);
      await teacherViewWhere(teacher, (v) => v.lastCommand?.commandId === sent.commandId && v.lastCommand.seats.some((s) => s.deviceId === deviceId && s.status === 'applied'));

      // The same state heard again (a second rejoin before the report arrived) shows nothing new.
      const owing = states.find((s) => (s.messages?.length ?? 0) > 0)!;
      replay(seat.socket, 'lab:state', owing);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await seat.link.view()).messages.map((m) => m.commandId)).toEqual([sent.commandId]);
      await teacher['lab.end']({});
    } finally {
      seat.close();
    }
  });

  it("keeps the student's raised hand when a state sent before the raise arrives late, as the teacher's map shows it", async () => {
    const { teacher, seat, first, deviceId } = await classroom();
    try {
      expect(first.handRaised).toBe(false);
      await seat.link.hand({ raised: true });
      expect(seatOf(await seat.link.view())).toMatchObject({ handRaised: true, revision: (first.revision ?? 0) + 1 });

      replay(seat.socket, 'lab:state', first);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seatOf(await seat.link.view())?.handRaised).toBe(true);
      await teacherViewWhere(teacher, (v) => mapOf(v)?.seats.find((s) => s.deviceId === deviceId)?.handRaised === true);

      // The teacher lowering it is newer still: the seat follows.
      await teacher['lab.hand']({ raised: false, deviceId });
      await linkViewWhere(seat.link, (v) => seatOf(v)?.handRaised === false);
      await teacher['lab.end']({});
    } finally {
      seat.close();
    }
  });
});
