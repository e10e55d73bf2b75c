// `npm run bench -- sync`: the demo library synced into an empty desktop cache
// (catalog pages + sha256-verified blob downloads) from a real server on
// loopback. Prints one JSON line, last.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, startServer } from '@sinif/server';
import { DesktopCore } from '../src/core/desktop-core.ts';

const runs = Number(process.argv[2] ?? 5);
const work = mkdtempSync(join(tmpdir(), 'sinif-bench-sync-'));
const server = await startServer(
  loadConfig({ env: {}, overrides: { host: '127.0.0.1', port: 0, dataDir: join(work, 'server'), logLevel: 'warn' } }),
);
const student = server.demo?.students[0];
if (!server.demo || !student) throw new Error('the demo school was not seeded');

const timings: number[] = [];
let lessons = 0;
let bytes = 0;
try {
  for (let run = 0; run < runs; run++) {
    const core = await DesktopCore.open({ cacheDir: join(work, `cache-${run}`), appVersion: 'bench', blobUrlPrefix: '/blob/' });
    await core['device.enrol']({ serverUrl: server.url, code: server.demo.enrolmentCode, seatName: `BENCH-${run}` });
    await core['session.signIn']({ username: student.username, password: student.password });
    const started = performance.now();
    await core['library.sync']({});
    await core.syncSettled();
    timings.push(performance.now() - started);
    const status = await core['library.status']({});
    if (status.state === 'error') throw new Error(`sync failed: ${status.error?.message}`);
    lessons = (await core['library.list']({})).length;
    bytes = status.bytesTotal;
    await core.close();
  }
} finally {
  await server.close();
  rmSync(work, { recursive: true, force: true });
}

timings.sort((a, b) => a - b);
const round = (ms: number) => Math.round(ms * 100) / 100;
console.log(
  JSON.stringify({
    bench: 'sync',
    lessons,
    bytes,
    runs,
    syncMs: round(timings[Math.floor(timings.length / 2)] ?? 0),
    minMs: round(timings[0] ?? 0),
    maxMs: round(timings[timings.length - 1] ?? 0),
  }),
);
