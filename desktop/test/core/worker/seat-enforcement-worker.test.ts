// The path the Electron main process learns the lock from: a seat's core in
// its worker thread posts each change of what to enforce, unasked, so the
// lock windows follow the core and not any renderer.
import { afterEach, describe, expect, it } from 'vitest';
import type { SeatEnforcement } from '../../../src/core/lab/seat-enforcement.ts';
import { startCoreWorker, type CoreWorker } from '../../../src/core/worker/start-core-worker.ts';
import { eventually } from '../../support/demo-server.ts';
import { demoLabWithCores } from '../../support/desktop-cores.ts';

const lab = demoLabWithCores();
let worker: CoreWorker | null = null;
afterEach(async () => {
  await worker?.close();
  worker = null;
});

async function ok(method: string, args: unknown): Promise<unknown> {
  const answer = await worker!.invoke(method, args);
  if (!answer.ok) throw new Error(`${method}: ${answer.error.code} ${answer.error.message}`);
  return answer.value;
}

describe('seat enforcement across the worker thread', () => {
  it('tells a subscriber at once that nothing is enforced, then each lock and unlock the teacher sends', async () => {
    worker = await startCoreWorker({ cacheDir: await lab.dirs.make(), appVersion: '0.1.0-test', blobUrlPrefix: '/blob/', requestTimeoutMs: 3_000 });
    const heard: SeatEnforcement[] = [];
    worker.onSeatEnforcement((enforcement) => heard.push(enforcement));
    expect(heard).toEqual([{ lock: null, allowlist: null }]);

    await ok('device.enrol', { serverUrl: lab.server.url, code: lab.server.demo.enrolmentCode, seatName: 'PC-7' });
    await ok('session.signIn', lab.server.demo.students[0]);
    const teacher = await lab.cores.signedIn(lab.server.demo.teacher, 'TEACHER-PC');
    await teacher['lab.start']({});
    await eventually(async () => ((await worker!.invoke('lab.state', {})) as { value?: { session?: unknown } }).value?.session ?? undefined);

    await teacher['lab.command']({ targets: 'all', command: { kind: 'eyesOnTeacher', message: 'Lövhəyə baxın' } });
    await eventually(async () => (heard.at(-1)?.lock ? true : undefined));
    // A late subscriber (main re-subscribing) hears the current lock at once.
    const late: SeatEnforcement[] = [];
    worker.onSeatEnforcement((enforcement) => late.push(enforcement))();
    expect(late).toEqual([{ lock: { mode: 'eyesOnTeacher', message: 'Lövhəyə baxın' }, allowlist: null }]);

    await teacher['lab.command']({ targets: 'all', command: { kind: 'unlock' } });
    await eventually(async () => (heard.at(-1)?.lock === null && heard.length > 2 ? true : undefined));
    expect(heard).toEqual([
      { lock: null, allowlist: null },
      { lock: { mode: 'eyesOnTeacher', message: 'Lövhəyə baxın' }, allowlist: null },
      { lock: null, allowlist: null },
    ]);
    await teacher['lab.end']({});
  }, 20_000);
});
