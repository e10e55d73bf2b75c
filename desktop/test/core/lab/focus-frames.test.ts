// One seat's screen opened large, through real desktop cores and a real
// server: only that seat is asked for large frames, the teacher's core keeps
// the latest one beside the grid, and closing it stops the seat again.
import { describe, expect, it } from 'vitest';
import type { LabView } from '@sinif/shared';
import type { DesktopCore } from '../../../src/core/desktop-core.ts';
import { eventually } from '../../support/demo-server.ts';
import { demoLabWithCores } from '../../support/desktop-cores.ts';

const fixture = demoLabWithCores();
const { cores } = fixture;

function viewWhere(core: DesktopCore, accept: (view: LabView) => boolean): Promise<LabView> {
  return eventually(async () => {
    const view = await core['lab.state']({});
    return accept(view) ? view : undefined;
  }, 8_000);
}
const focused = (view: LabView) => view.session?.view === 'seat' && view.session.focus === true;
const large = (text: string) => ({ mediaType: 'image/jpeg' as const, dataBase64: Buffer.from(text.repeat(2000)).toString('base64'), width: 960, height: 540 });

describe('a seat opened large', () => {
  it('sends large frames only while its screen is open, and the teacher sees the latest beside the grid', async () => {
    const { demo } = fixture.server;
    const teacher = await cores.signedIn(demo.teacher, 'TEACHER-PC');
    const first = await cores.signedIn(demo.students[0]!, 'PC-1');
    const second = await cores.signedIn(demo.students[1]!, 'PC-2');
    await teacher['lab.start']({});
    for (const seat of [first, second]) await viewWhere(seat, (v) => v.session?.view === 'seat');
    const firstId = (await first['app.info']({})).seat!.deviceId;

    expect(await first['lab.focusFrame'](large('before'))).toEqual({ sent: false });
    await teacher['lab.watch']({ watching: true });
    await teacher['lab.focus']({ deviceId: firstId });
    await viewWhere(first, focused);
    expect(focused(await second['lab.state']({}))).toBe(false);
    expect((await teacher['lab.thumbnails']({})).focused).toBeNull();

    expect(await first['lab.focusFrame'](large('A'))).toEqual({ sent: true });
    expect(await first['lab.focusFrame'](large('A'))).toEqual({ sent: false });
    expect(await second['lab.focusFrame'](large('B'))).toEqual({ sent: false });
    const seen = await eventually(async () => {
      const { focused: frame } = await teacher['lab.thumbnails']({});
      return frame ? frame : undefined;
    }, 8_000);
    expect(seen).toMatchObject({ deviceId: firstId, mediaType: 'image/jpeg', dataBase64: large('A').dataBase64 });

    await teacher['lab.focus']({ deviceId: null });
    await viewWhere(first, (v) => !focused(v));
    expect(await first['lab.focusFrame'](large('C'))).toEqual({ sent: false });
    expect((await teacher['lab.thumbnails']({})).focused).toBeUndefined();
    // The grid itself goes on.
    expect((await first['lab.state']({})).session).toMatchObject({ watch: true });
    await teacher['lab.end']({});
  });
});
