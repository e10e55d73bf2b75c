// Screen thumbnails through real desktop cores and a real server: a seat sends
// frames only while the teacher watches, never the same frame twice, and the
// teacher's core keeps the latest frame of each seat for the grid.
import { describe, expect, it } from 'vitest';
import type { LabView } from '@sinif/shared';
import type { DesktopCore } from '../../../src/core/desktop-core.ts';
import { ThumbnailGate } from '../../../src/core/lab/screen-frames.ts';
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
const watched = (view: LabView) => view.session?.view === 'seat' && view.session.watch;
const frame = (text: string) => ({ mediaType: 'image/webp' as const, dataBase64: Buffer.from(text).toString('base64'), width: 320, height: 180 });

describe('thumbnail gate', () => {
  it('lets a frame through only when its bytes differ from the last one sent, and again after a reset', () => {
    const gate = new ThumbnailGate();
    const a = new TextEncoder().encode('frame A');
    const b = new TextEncoder().encode('frame B');
    expect(gate.changed(a)).toBe(true);
    gate.sent(a);
    expect(gate.changed(new TextEncoder().encode('frame A'))).toBe(false);
    expect(gate.changed(b)).toBe(true);
    gate.reset();
    expect(gate.changed(a)).toBe(true);
  });
});

describe('screen thumbnails', () => {
  it('a seat sends changed frames only while the teacher watches and the teacher sees the latest one', async () => {
    const teacher = await cores.signedIn(fixture.server.demo.teacher, 'TEACHER-PC');
    const seat = await cores.signedIn(fixture.server.demo.students[0]!, 'PC-1');
    await teacher['lab.start']({});
    await viewWhere(seat, (v) => v.session?.view === 'seat');

    expect(await seat['lab.thumbnail'](frame('before watching'))).toEqual({ sent: false });
    await teacher['lab.watch']({ watching: true });
    await viewWhere(seat, watched);

    expect(await seat['lab.thumbnail'](frame('screen A'))).toEqual({ sent: true });
    expect(await seat['lab.thumbnail'](frame('screen A'))).toEqual({ sent: false });
    expect(await seat['lab.thumbnail'](frame('screen B'))).toEqual({ sent: true });
    const seen = await eventually(async () => {
      const { frames } = await teacher['lab.thumbnails']({});
      return frames[0]?.dataBase64 === frame('screen B').dataBase64 ? frames : undefined;
    }, 8_000);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ deviceId: (await seat['app.info']({})).seat!.deviceId, mediaType: 'image/webp' });

    await teacher['lab.watch']({ watching: false });
    await viewWhere(seat, (v) => !watched(v));
    expect(await seat['lab.thumbnail'](frame('screen C'))).toEqual({ sent: false });
    expect((await teacher['lab.thumbnails']({})).frames).toEqual([]);
    await teacher['lab.end']({});
  }, 20_000); // its waits allow 8 s each: vitest's 5 s default cut it short on a loaded machine
});
