// A PC reports its OS, app version and free disk to the real server: after
// enrolment, when the app starts again, and on its timer.
import { describe, expect, it } from 'vitest';
import { osDescription } from '../../src/core/inventory-report.ts';
import { eventually } from '../support/demo-server.ts';
import { demoLabWithCores } from '../support/desktop-cores.ts';

const fixture = demoLabWithCores();
const { cores, dirs } = fixture;

async function deviceRow(deviceId: string) {
  return fixture.server.app.store
    .selectFrom('devices')
    .select(['os', 'app_version', 'free_disk_bytes', 'last_seen_at'])
    .where('id', '=', deviceId)
    .executeTakeFirstOrThrow();
}

describe('inventory report', () => {
  it('shows a PC’s OS, app version and free disk in the admin inventory right after it enrols', async () => {
    const admin = await cores.signedIn(fixture.server.demo.itAdmin, 'IT-DESK');
    const seat = (await admin['app.info']({})).seat!;
    const listed = await eventually(async () =>
      (await admin['admin.devices.list']({})).devices.find((d) => d.deviceId === seat.deviceId && d.freeDiskBytes !== null),
    );
    expect(listed).toMatchObject({ os: osDescription(), appVersion: '0.1.0-test' });
    expect(listed.freeDiskBytes).toBeGreaterThan(0);
    expect(listed.os).toContain(process.platform);
  });

  it('reports again when the app starts on an enrolled cache, with its new version', async () => {
    const cacheDir = await dirs.make();
    const first = await cores.open({ cacheDir });
    const seat = await first['device.enrol']({ serverUrl: fixture.server.url, code: fixture.server.demo.enrolmentCode, seatName: 'PC-31' });
    await first.close();
    cores.forget(first);
    await cores.open({ cacheDir, appVersion: '0.2.0-test' });
    const row = await eventually(async () => {
      const r = await deviceRow(seat.deviceId);
      return r.app_version === '0.2.0-test' ? r : undefined;
    });
    expect(row.free_disk_bytes).toBeGreaterThan(0);
  });

  it('reports on its timer while running, and stops when closed', async () => {
    const pc = await cores.open({ inventoryReportIntervalMs: 50 });
    const seat = await pc['device.enrol']({ serverUrl: fixture.server.url, code: fixture.server.demo.enrolmentCode, seatName: 'PC-32' });
    const firstSeen = await eventually(async () => (await deviceRow(seat.deviceId)).last_seen_at ?? undefined);
    await eventually(async () => ((await deviceRow(seat.deviceId)).last_seen_at !== firstSeen ? true : undefined));
    await pc.close();
    cores.forget(pc);
    const afterClose = (await deviceRow(seat.deviceId)).last_seen_at;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await deviceRow(seat.deviceId)).last_seen_at).toBe(afterClose);
  });
});
