// `npm run bench -- uplink [pcs] [megabytes]`: 10 lab PCs (DesktopCores with
// lab-local sharing on loopback) each need the same 50 MB lesson at the same
// time. uplinkRatio = bytes the central server sent while they synced / 50 MB
// (target <= 1.1; without sharing it is ~10, measured too as `naive`).
// Prints one JSON line, last.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { loadConfig, startServer, type RunningServer } from '@sinif/server';
import { upsertLesson } from '../../server/src/catalog/catalog-writer.ts';
import { DesktopCore, type DesktopCoreOptions } from '../src/core/desktop-core.ts';

const pcs = Number(process.argv[2] ?? 10);
const lessonBytes = Number(process.argv[3] ?? 50) * 1024 * 1024;
const work = mkdtempSync(join(tmpdir(), 'sinif-bench-uplink-'));

function byteMeter(server: RunningServer): () => number {
  const live = new Set<Socket>();
  let closed = 0;
  server.app.server.on('connection', (socket: Socket) => {
    live.add(socket);
    socket.once('close', () => {
      live.delete(socket);
      closed += socket.bytesWritten;
    });
  });
  return () => closed + [...live].reduce((sum, s) => sum + s.bytesWritten, 0);
}

interface Round {
  serverBytes: number;
  ratio: number;
  totalMs: number;
  fromServerBytes: number;
  fromPeersBytes: number;
  peerServedBytes: number;
}

/** One lab of `pcs` fresh PCs syncing at once against a fresh server holding the lesson. */
async function round(name: string, labPeers: DesktopCoreOptions['labPeers']): Promise<Round> {
  const server = await startServer(
    loadConfig({ env: {}, overrides: { host: '127.0.0.1', port: 0, dataDir: join(work, `${name}-server`), logLevel: 'warn' } }),
  );
  // Attached before any PC connects: keep-alive sockets opened during enrolment carry the downloads too.
  const meter = byteMeter(server);
  const demo = server.demo;
  if (!demo) throw new Error('the demo school was not seeded');
  const stored = server.app.content.put(randomBytes(lessonBytes));
  await upsertLesson(server.app.store, {
    id: 'uplink-lesson',
    title: 'Böyük video dərs',
    description: '',
    subject: 'Fizika',
    grade: 8,
    language: 'az',
    resources: [{ id: 'video', name: 'video.mp4', mediaType: 'video/mp4', ...stored }],
  });
  const cores: DesktopCore[] = [];
  try {
    for (let i = 0; i < pcs; i++) {
      const core = await DesktopCore.open({
        cacheDir: join(work, `${name}-pc-${i}`),
        appVersion: 'bench',
        blobUrlPrefix: '/blob/',
        ...(labPeers ? { labPeers } : {}),
      });
      cores.push(core);
      const student = demo.students[i % demo.students.length]!;
      await core['device.enrol']({ serverUrl: server.url, code: demo.enrolmentCode, seatName: `UPLINK-${i + 1}` });
      await core['session.signIn'](student);
    }
    // Let the announcements land, so every PC is listed as an online classmate.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = meter();
    const started = performance.now();
    await Promise.all(cores.map((core) => core['library.sync']({})));
    await Promise.all(cores.map((core) => core.syncSettled()));
    const totalMs = performance.now() - started;
    for (const core of cores) {
      const status = await core['library.status']({});
      if (status.state === 'error') throw new Error(`sync failed: ${status.error?.code} ${status.error?.message}`);
      if (!(await core.verifiedBlob(stored.sha256))) throw new Error('a PC ended without the lesson');
    }
    const serverBytes = meter() - before;
    const sum = (f: (core: DesktopCore) => number) => cores.reduce((total, core) => total + f(core), 0);
    return {
      serverBytes,
      ratio: Math.round((serverBytes / lessonBytes) * 1000) / 1000,
      totalMs: Math.round(totalMs),
      fromServerBytes: sum((c) => c.labPeering?.fetcher.stats.fromServer ?? 0),
      fromPeersBytes: sum((c) => c.labPeering?.fetcher.stats.fromPeers ?? 0),
      peerServedBytes: sum((c) => c.labPeering?.server.servedBytes ?? 0),
    };
  } finally {
    await Promise.all(cores.map((core) => core.close()));
    await server.close();
  }
}

try {
  const shared = await round('shared', { host: '127.0.0.1' });
  const naive = await round('naive', undefined);
  console.log(
    JSON.stringify({
      bench: 'uplink',
      pcs,
      lessonBytes,
      uplinkRatio: shared.ratio,
      target: 1.1,
      totalMs: shared.totalMs,
      serverBytes: shared.serverBytes,
      fromPeersBytes: shared.fromPeersBytes,
      peerServedBytes: shared.peerServedBytes,
      naive: { uplinkRatio: naive.ratio, totalMs: naive.totalMs, serverBytes: naive.serverBytes },
    }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
