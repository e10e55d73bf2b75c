/**
 * `npm run bench -- classroom [seats]` (or `node --expose-gc server/bench/classroom.bench.ts [seats]`).
 *
 * N lab PCs (default 5,000) hold sockets to ONE server process (a child, so
 * its RSS is its own) from 4 client processes; 30 of them sit in one
 * teacher's lab session. Measured, interleaved rep by rep so drift hits both:
 *  - lockAll: the teacher's `lab:command` lock/unlock → all 30 seats' acks
 *    back at the teacher as `lab:delivery` (validation, rate limit, matrix,
 *    SQLite write, per-seat emit with ack, batched delivery report);
 *  - bare: the same round trip through a plain socket.io server child
 *    (`io.to(room).timeout().emit(...)`, acked once all 30 acked), its 30
 *    seats spread over the same 4 client processes;
 *  - serverRssPerSeatKb: (RSS with N seats − RSS idle) / N, after GC
 *    (SINIF_BENCH_SERVER_FLAGS passes Node flags to the server child);
 *  - thumbnailBytesPerSeatPerMin: wire bytes the teacher receives for one
 *    seat whose screen changes every 5 s (12 frames a minute; see frameModel).
 * Loopback only; every child is killed on exit. Prints one JSON object last.
 */
import { SERVER_NODE_FLAGS } from '../src/node-flags.ts';
import { fork, execSync, type ChildProcess } from 'node:child_process';
import { randomUUID, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { io as connect, type Socket } from 'socket.io-client';
import { seedSchool, SEATS_PER_LAB } from './classroom/seed.ts';

const SEATS = Number(process.argv[2] ?? 5000);
const CLIENT_PROCESSES = 4;
const REPS = 200;
const WARMUP = 10;
/** Teacher commands draw 10/s from the socket's bucket; a person clicks far less often. */
const REP_INTERVAL_MS = 110;
const DEADLINE_MS = 170_000;
/** Node flags for the server children: the deployed ones unless SINIF_BENCH_SERVER_FLAGS overrides (echoed in the output). */
const SERVER_FLAGS = process.env.SINIF_BENCH_SERVER_FLAGS === undefined
  ? [...SERVER_NODE_FLAGS]
  : process.env.SINIF_BENCH_SERVER_FLAGS.split(' ').filter(Boolean);

if (!Number.isInteger(SEATS) || SEATS < SEATS_PER_LAB) {
  console.error(`usage: classroom.bench.ts [seats >= ${SEATS_PER_LAB}] (default 5000)`);
  process.exit(2);
}
const limit = Number(execSync('ulimit -n', { shell: '/bin/sh' }).toString().trim());
const needed = SEATS + 512; // the server holds one descriptor per seat, plus files and listeners
if (Number.isFinite(limit) && limit < needed) {
  console.error(`classroom bench: open-file limit is ${limit}, ${SEATS} seats need at least ${needed}. Raise it (ulimit -n ${needed * 2}) or pass fewer seats: node --expose-gc server/bench/classroom.bench.ts 1000`);
  process.exit(2);
}

const children: ChildProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'sinif-bench-classroom-'));
const cleanup = (): void => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
};
process.on('exit', cleanup);
const watchdog = setTimeout(() => {
  console.error(`classroom bench: gave up after ${DEADLINE_MS / 1000} s`);
  process.exit(1);
}, DEADLINE_MS);
watchdog.unref();

function spawnChild(...args: string[]): ChildProcess {
  // The bare socket.io baseline runs with the same flags, so the ratio compares like with like.
  const flags = args[0] === 'server' || args[0] === 'bare' ? SERVER_FLAGS : [];
  const child = fork(join(import.meta.dirname, 'classroom', 'child.ts'), args, { execArgv: ['--expose-gc', ...flags], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  return child;
}

function reply<T>(child: ChildProcess, cmd: string, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child gave no ${cmd} in ${timeoutMs} ms`)), timeoutMs);
    const listener = (message: { cmd: string }): void => {
      if (message.cmd !== cmd) return;
      clearTimeout(timer);
      child.off('message', listener);
      resolve(message as T);
    };
    child.on('message', listener);
  });
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function openTeacher(url: string, auth: Record<string, unknown>): Promise<Socket> {
  const socket = connect(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** A modeled 320×180 screen frame: JPEG markers around incompressible bytes of a typical encoded size. */
const FRAME_BYTES = 10_800; // ≈1.5 bit/pixel: JPEG q≈70 of desktop content at 320×180 (WebP is ~25-35 % smaller)
function modeledFrame(): number[] {
  const body = randomBytes(FRAME_BYTES - 4);
  return [0xff, 0xd8, ...body, 0xff, 0xd9];
}

// --- seed, start the server, measure idle RSS, connect the seats ---
const seeded = await seedSchool(dataDir, SEATS);
const server = spawnChild('server', dataDir);
const { url } = await reply<{ url: string }>(server, 'ready');
server.send({ cmd: 'rss' });
const idle = await reply<{ rss: number; heap: number; external: number }>(server, 'rss');
const idleRss = idle.rss;

const clients = Array.from({ length: CLIENT_PROCESSES }, () => spawnChild('seats'));
await Promise.all(clients.map((c) => reply(c, 'ready')));
const connectStart = performance.now();
const connected = await Promise.all(
  clients.map((client, i) => {
    // Spread the teacher's 30 seats over every client process.
    client.send({ cmd: 'connect', url, bare: false, seats: seeded.seats.filter((_, n) => n % CLIENT_PROCESSES === i) });
    return reply<{ connected: number; failed: number }>(client, 'connected', 120_000);
  }),
);
const connectSeconds = (performance.now() - connectStart) / 1000;
const seatsConnected = connected.reduce((sum, c) => sum + c.connected, 0);
if (seatsConnected !== SEATS) throw new Error(`only ${seatsConnected} of ${SEATS} seats connected`);
await pause(1000);
server.send({ cmd: 'rss' });
const loaded = await reply<{ rss: number; heap: number; external: number }>(server, 'rss');
const loadedRss = loaded.rss;

// --- the teacher's session ---
const teacher = await openTeacher(url, { token: seeded.teacherToken });
const started = (await teacher.timeout(5000).emitWithAck('lab:start', { labId: seeded.sessionLabId })) as { ok: boolean; value: { sessionId: string; seats: { online: boolean }[] } };
if (!started.ok) throw new Error(`lab:start refused: ${JSON.stringify(started)}`);
const sessionId = started.value.sessionId;
for (let i = 0; i < 50; i += 1) {
  const view = (await teacher.timeout(5000).emitWithAck('lab:join', { labId: seeded.sessionLabId })) as { value: { seats: { online: boolean }[] } };
  if (view.value.seats.filter((s) => s.online).length === SEATS_PER_LAB) break;
  if (i === 49) throw new Error('the session seats did not all join');
  await pause(100);
}

const waiting = new Map<string, { delivered: Set<string>; done: () => void }>();
teacher.on('lab:delivery', (delivery: { commandId: string; seats: { deviceId: string; status: string }[] }) => {
  const wait = waiting.get(delivery.commandId);
  if (!wait) return;
  for (const seat of delivery.seats) if (seat.status === 'delivered') wait.delivered.add(seat.deviceId);
  if (wait.delivered.size === SEATS_PER_LAB) wait.done();
});

async function lockAllOnce(kind: 'lock' | 'unlock'): Promise<number> {
  const id = randomUUID();
  const begin = performance.now();
  const all = new Promise<void>((resolve) => waiting.set(id, { delivered: new Set(), done: resolve }));
  const answer = (await teacher.timeout(5000).emitWithAck('lab:command', { sessionId, id, kind, targets: 'all' })) as { ok: boolean };
  if (!answer.ok) throw new Error(`lab:command refused: ${JSON.stringify(answer)}`);
  await Promise.race([all, pause(5000).then(() => Promise.reject(new Error('not every seat acked within 5 s')))]);
  waiting.delete(id);
  return performance.now() - begin;
}

// --- the bare socket.io baseline: its own server child; its 30 seats in the same 4 client processes ---
const bare = spawnChild('bare');
const bareUrl = (await reply<{ url: string }>(bare, 'ready')).url;
await Promise.all(
  clients.map((client, i) => {
    client.send({ cmd: 'connect', url: bareUrl, bare: true, seats: seeded.seats.slice(0, SEATS_PER_LAB).filter((_, n) => n % CLIENT_PROCESSES === i) });
    return reply(client, 'connected');
  }),
);
const bareTeacher = await openTeacher(bareUrl, { role: 'teacher' });
async function bareOnce(): Promise<number> {
  const begin = performance.now();
  const answer = (await bareTeacher.timeout(6000).emitWithAck('lock', { message: 'x' })) as { ok: boolean; acks: number };
  if (!answer.ok || answer.acks !== SEATS_PER_LAB) throw new Error(`bare broadcast got ${answer.acks} acks`);
  return performance.now() - begin;
}

const lockSamples: number[] = [];
const bareSamples: number[] = [];
for (let i = 0; i < WARMUP + REPS; i += 1) {
  const ours = await lockAllOnce(i % 2 === 0 ? 'lock' : 'unlock');
  const theirs = await bareOnce();
  if (i >= WARMUP) {
    lockSamples.push(ours);
    bareSamples.push(theirs);
  }
  await pause(REP_INTERVAL_MS);
}

// --- thumbnails: one seat, screen changing every 5 s → 12 frames a minute ---
let thumbnailBytes = 0;
const countBytes = (packet: { type: string; data?: unknown }): void => {
  if (packet.type !== 'message') return;
  if (typeof packet.data === 'string') thumbnailBytes += packet.data.includes('lab:thumbnail') ? Buffer.byteLength(packet.data) : 0;
  else if (packet.data instanceof ArrayBuffer || ArrayBuffer.isView(packet.data)) thumbnailBytes += (packet.data as ArrayBuffer).byteLength;
};
const watch = (await teacher.timeout(5000).emitWithAck('lab:watch', { sessionId, on: true })) as { ok: boolean };
if (!watch.ok) throw new Error('lab:watch refused');
await pause(200);
teacher.io.engine.on('packet', countBytes);
const sender = clients.find((_, i) => seeded.seats.some((s, n) => s.inSession && n % CLIENT_PROCESSES === i))!;
sender.send({ cmd: 'thumbnails', count: 12, intervalMs: 300, frame: modeledFrame() });
const { relayed } = await reply<{ relayed: number }>(sender, 'thumbnails');
await pause(200);
teacher.io.engine.off('packet', countBytes);

const lockAllP50Ms = percentile(lockSamples, 0.5);
const lockAllP99Ms = percentile(lockSamples, 0.99);
const bareP50Ms = percentile(bareSamples, 0.5);
const bareP99Ms = percentile(bareSamples, 0.99);
const result = {
  bench: 'classroom',
  seats: SEATS,
  sessionSeats: SEATS_PER_LAB,
  clientProcesses: CLIENT_PROCESSES,
  reps: REPS,
  connectSeconds: round(connectSeconds, 1),
  lockAllP50Ms: round(lockAllP50Ms),
  lockAllP99Ms: round(lockAllP99Ms),
  bareP50Ms: round(bareP50Ms),
  bareP99Ms: round(bareP99Ms),
  ratio: round(lockAllP99Ms / bareP99Ms),
  serverIdleRssMb: round(idleRss / 1048576, 1),
  serverRssMb: round(loadedRss / 1048576, 1),
  serverRssPerSeatKb: round((loadedRss - idleRss) / SEATS / 1024),
  /** Live JS heap per seat after GC; the rest of the RSS growth is heap V8 keeps committed after the connection storm. */
  serverHeapPerSeatKb: round((loaded.heap - idle.heap) / SEATS / 1024),
  serverNodeFlags: SERVER_FLAGS,
  thumbnailFramesRelayed: relayed,
  thumbnailBytesPerSeatPerMin: relayed === 12 ? thumbnailBytes : null,
  frameModel: `320x180 JPEG-sized frame of ${FRAME_BYTES} B (~1.5 bit/px, q~70 screen content; random bytes between JPEG SOI/EOI, as incompressible as entropy-coded data); screen changes every 5 s so the client sends 12 frames/min and nothing in between; bytes = socket.io packets (JSON header + binary attachment) received by the watching teacher`,
  targets: { lockAllP99Ms: 50, ratio: 1.5, serverRssPerSeatKb: 30 },
};

teacher.disconnect();
bareTeacher.disconnect();
for (const child of children) child.send({ cmd: 'stop' });
await pause(300);
console.log(JSON.stringify(result));
process.exit(0);
