/**
 * The classroom bench's child processes, by role (first argument):
 *   server <dataDir>  the Sinif server (so its RSS is its own);
 *   bare              a plain socket.io server: seats join one room, the
 *                     teacher's `lock` is `io.to(room).timeout().emit(...)`
 *                     and acked once every seat acked;
 *   seats             socket.io-client sockets for a share of the seats.
 * Each talks to the bench over the fork IPC channel and exits on `stop` or
 * when the bench goes away.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { loadConfig, startServer } from '../../src/index.ts';
import type { SeatLogin } from './seed.ts';

type Message = Record<string, unknown> & { cmd: string };
const send = (message: unknown): void => void process.send?.(message);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
process.on('disconnect', () => process.exit(0)); // the bench died: never linger

async function settledRss(): Promise<number> {
  for (let i = 0; i < 3; i += 1) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return process.memoryUsage().rss;
}

async function runServer(dataDir: string): Promise<void> {
  const server = await startServer(loadConfig({ overrides: { host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent', seedDemo: false } }));
  await server.app.realtime!.labs.ready;
  process.on('message', (message: Message) => {
    if (message.cmd === 'rss') void settledRss().then((rss) => send({ cmd: 'rss', rss, heap: process.memoryUsage().heapUsed, external: process.memoryUsage().external }));
    if (message.cmd === 'stop') void server.close().finally(() => process.exit(0));
  });
  send({ cmd: 'ready', url: server.url });
}

async function runBare(): Promise<void> {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  io.on('connection', (socket) => {
    if (socket.handshake.auth.role === 'seat') void socket.join('lab');
    socket.on('lock', (payload: unknown, ack: (answer: unknown) => void) => {
      io.to('lab')
        .timeout(5000)
        .emit('lock', payload, (error: Error | null, answers: unknown[]) => ack({ ok: !error, acks: answers.length }));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  process.on('message', (message: Message) => {
    if (message.cmd === 'stop') {
      void io.close();
      process.exit(0);
    }
  });
  send({ cmd: 'ready', url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
}

function open(url: string, auth: Record<string, unknown>, prepare: (socket: Socket) => void): Promise<Socket | null> {
  const socket = connect(url, { path: '/socket.io', auth, transports: ['websocket'], reconnection: false, forceNew: true, autoConnect: false, timeout: 20_000 });
  prepare(socket);
  socket.connect();
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', () => resolve(null));
  });
}

/**
 * A seat in the teacher's lab applies each command on receipt (showing the
 * already-built lock window) and says so in its ack; REPORT=separate makes it
 * ack first and send `lab:commandResult` after, as a slow-applying PC would.
 */
function actLikeSeat(socket: Socket): void {
  socket.on('lab:command', (command: { sessionId: string; commandId: string }, ack: (answer: unknown) => void) => {
    if (process.env.REPORT !== 'separate') return ack({ ok: true, status: 'applied' });
    ack({ ok: true });
    socket.emit('lab:commandResult', { sessionId: command.sessionId, commandId: command.commandId, status: 'applied' }, () => undefined);
  });
  socket.on('lock', (_payload: unknown, ack: (answer: unknown) => void) => ack({ ok: true }));
}

async function runSeats(): Promise<void> {
  const sockets: Socket[] = [];
  const inSession: Socket[] = [];
  let sessionId = '';
  process.on('message', (message: Message) => {
    if (message.cmd === 'connect') {
      const { url, seats, bare } = message as unknown as { url: string; seats: SeatLogin[]; bare: boolean };
      void (async () => {
        let failed = 0;
        let connected = 0;
        // A bounded number of handshakes in flight, as PCs booting over a few minutes would be.
        for (let i = 0; i < seats.length; i += 64) {
          const batch = seats.slice(i, i + 64);
          const opened = await Promise.all(
            batch.map((seat) =>
              open(url, bare ? { role: 'seat' } : { token: seat.token, deviceToken: seat.deviceToken }, (socket) => {
                if (seat.inSession) actLikeSeat(socket);
                socket.on('lab:state', (state: { sessionId: string }) => (sessionId = state.sessionId));
              }).then((socket) => {
                if (socket && seat.inSession && !bare) inSession.push(socket);
                return socket;
              }),
            ),
          );
          for (const socket of opened) {
            if (!socket) failed += 1;
            else connected = sockets.push(socket) && connected + 1;
          }
        }
        send({ cmd: 'connected', connected, failed });
      })();
    }
    if (message.cmd === 'thumbnails') {
      const { count, intervalMs, frame } = message as unknown as { count: number; intervalMs: number; frame: number[] };
      const bytes = Uint8Array.from(frame);
      void (async () => {
        const sender = inSession[0];
        let relayed = 0;
        for (let i = 0; i < count && sender; i += 1) {
          const answer = (await sender.timeout(5000).emitWithAck('lab:thumbnail', { sessionId, mime: 'image/jpeg', width: 320, height: 180, frame: bytes })) as { ok: boolean; value?: { relayed: boolean } };
          if (answer.ok && answer.value?.relayed) relayed += 1;
          await new Promise((resolve) => setTimeout(resolve, intervalMs));
        }
        send({ cmd: 'thumbnails', relayed });
      })();
    }
    if (message.cmd === 'stop') {
      for (const socket of sockets) socket.disconnect();
      process.exit(0);
    }
  });
  send({ cmd: 'ready' });
}

const [role, arg] = process.argv.slice(2);
if (role === 'server') await runServer(arg!);
else if (role === 'bare') await runBare();
else if (role === 'seats') await runSeats();
else {
  console.error(`unknown role ${role}`);
  process.exit(2);
}
