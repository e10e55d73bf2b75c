/**
 * settings.get / settings.set / storage.usage through the real dispatcher and
 * a real core signed in against the demo server: who may change the settings,
 * how bad input is refused (stable codes, nothing stored), that they survive a
 * restart, and what the storage figures add up to.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceSettingsChange } from '@sinif/shared';
import { createHostDispatcher } from '../../src/host/dispatch.ts';
import { demoLabWithCores, failureOf } from '../support/desktop-cores.ts';

const lab = demoLabWithCores();
const GiB = 1024 ** 3;
const schoolHours = { from: '08:00', to: '15:00', weekdaysOnly: true };

describe('device settings', () => {
  it('start with the app quota and no bandwidth cap', async () => {
    const core = await lab.cores.open({ quotaBytes: 5 * GiB });
    expect(await core['settings.get']({})).toEqual({ quotaBytes: 5 * GiB, bandwidth: { kbps: null, window: null } });
  });

  it('an IT admin sets quota and school-hours cap; they hold after the app restarts', async () => {
    const cacheDir = await lab.dirs.make();
    const core = await lab.cores.signedIn(lab.server.demo.itAdmin, 'PC-IT', { cacheDir, quotaBytes: 5 * GiB });
    const wanted = { quotaBytes: 2 * GiB, bandwidth: { kbps: 512, window: schoolHours } };

    expect(await core['settings.set'](wanted)).toEqual(wanted);
    lab.cores.forget(core);
    await core.close();

    const reopened = await lab.cores.open({ cacheDir, quotaBytes: 5 * GiB });
    expect(await reopened['settings.get']({})).toEqual(wanted);
    expect((await reopened['storage.usage']({})).quotaBytes).toBe(2 * GiB);
  });

  it('a teacher may change one part and keeps the other', async () => {
    const core = await lab.cores.signedIn(lab.server.demo.teacher, 'PC-T', { quotaBytes: 5 * GiB });
    await core['settings.set']({ bandwidth: { kbps: 2000, window: null } });
    expect(await core['settings.set']({ quotaBytes: GiB })).toEqual({ quotaBytes: GiB, bandwidth: { kbps: 2000, window: null } });
  });

  it('refuses a student with FORBIDDEN and a PC nobody is signed in on with NOT_SIGNED_IN, changing nothing', async () => {
    const student = await lab.cores.signedIn(lab.server.demo.students[0]!, 'PC-S');
    expect((await failureOf(student['settings.set']({ quotaBytes: GiB }))).code).toBe('FORBIDDEN');
    await student['session.signOut']({});
    expect((await failureOf(student['settings.set']({ quotaBytes: GiB }))).code).toBe('NOT_SIGNED_IN');
    expect((await student['settings.get']({})).quotaBytes).not.toBe(GiB);
  });

  it('refuses malformed settings with INVALID_ARGUMENT before anything is stored', async () => {
    const core = await lab.cores.signedIn(lab.server.demo.itAdmin, 'PC-V');
    const dispatch = createHostDispatcher(core);
    const before = await core['settings.get']({});
    const bad: unknown[] = [
      {},
      { quotaBytes: 1024 },
      { quotaBytes: GiB + 0.5 },
      { bandwidth: { kbps: 8, window: null } },
      { bandwidth: { kbps: 512 } },
      { bandwidth: { kbps: 512, window: { from: '8:00', to: '15:00', weekdaysOnly: true } } },
      { bandwidth: { kbps: 512, window: { from: '08:00', to: '24:00', weekdaysOnly: true } } },
      { bandwidth: { kbps: 512, window: { from: '08:00', to: '15:00' } } },
      { quotaBytes: GiB, colour: 'red' },
      // Well-formed, but a window that never applies: refused by the core with the same code.
      { bandwidth: { kbps: 512, window: { from: '09:30', to: '09:30', weekdaysOnly: false } } },
    ];
    for (const args of bad) {
      const response = await dispatch('settings.set', args);
      expect(response, JSON.stringify(args)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(await core['settings.get']({})).toEqual(before);
  });
});

describe('storage usage', () => {
  it('counts verified files, their bytes, pinned bytes and free disk after a sync', async () => {
    const core = await lab.cores.signedIn(lab.server.demo.students[0]!, 'PC-U', { quotaBytes: 3 * GiB });
    expect(await core['storage.usage']({})).toMatchObject({ usedBytes: 0, blobCount: 0, pinnedBytes: 0, quotaBytes: 3 * GiB });
    await core['library.sync']({});
    await core.syncSettled();

    const lessons = await core['library.list']({});
    const opened = await core['library.openLesson']({ lessonId: lessons[0]!.id });
    await core.pinLesson(lessons[0]!.id, true);
    const usage = await core['storage.usage']({});
    const distinct = new Map((await Promise.all(lessons.map((l) => core['library.openLesson']({ lessonId: l.id }))))
      .flatMap((l) => l.resources.map((r) => [r.sha256, r.size] as const)));

    expect(usage.blobCount).toBe(distinct.size);
    expect(usage.usedBytes).toBe([...distinct.values()].reduce((a, b) => a + b, 0));
    expect(usage.pinnedBytes).toBe([...new Map(opened.resources.map((r) => [r.sha256, r.size])).values()].reduce((a, b) => a + b, 0));
    expect(usage.freeDiskBytes).toBeGreaterThan(0);
  });

  it('a cap set through settings.set paces the library sync', async () => {
    const core = await lab.cores.signedIn(lab.server.demo.teacher, 'PC-SLOW');
    const change: DeviceSettingsChange = { bandwidth: { kbps: 64, window: null } };
    await core['settings.set'](change);
    const started = performance.now();
    await core['library.sync']({});
    await core.syncSettled();
    const seconds = (performance.now() - started) / 1000;
    const { usedBytes } = await core['storage.usage']({});
    // 64 kbit/s = 8,000 bytes/s; only the first 16 KiB burst is free.
    expect(seconds).toBeGreaterThanOrEqual(((usedBytes - 16 * 1024) / 8000) * 0.95);
  });
});
