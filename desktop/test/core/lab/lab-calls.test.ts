/**
 * labCall checks every ack against the event's schema before the core acts
 * on it. The other end is a real socket.io server on loopback standing in
 * for a server of another version (or a broken one): it answers with what a
 * test tells it to.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { labCall } from '../../../src/core/lab/lab-calls.ts';
import type { CoreSocket } from '../../../src/core/session-link.ts';
import { HostFailure } from '../../../src/host/host-failure.ts';

let http: HttpServer;
let server: Server;
let socket: CoreSocket;
/** What the stand-in server acks `lab:hand` with. */
let handAnswer: unknown;

beforeEach(async () => {
  http = createServer();
  server = new Server(http);
  server.on('connection', (peer) => peer.on('lab:hand', (_payload: unknown, ack: (answer: unknown) => void) => ack(handAnswer)));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  socket = io(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'] }) as unknown as CoreSocket;
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
});

afterEach(async () => {
  socket.disconnect();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const hand = () => labCall(socket, 'lab:hand', { sessionId: 'session-1', raised: true });

describe('labCall', () => {
  it('returns an ack value of the right shape', async () => {
    handAnswer = { ok: true, value: { revision: 4 } };
    expect(await hand()).toEqual({ revision: 4 });
  });

  it('refuses an ack value of the wrong shape with INTERNAL, naming the event and the problem', async () => {
    handAnswer = { ok: true, value: { revision: 'four' } };
    const error = await hand().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostFailure);
    expect(error).toMatchObject({ code: 'INTERNAL' });
    expect((error as Error).message).toMatch(/lab:hand.*revision/);
  });

  it('refuses an answer that is not an ack at all, and an error ack without a code', async () => {
    for (const answer of [null, 'ok', { value: {} }, { ok: false }]) {
      handAnswer = answer;
      await expect(hand()).rejects.toMatchObject({ code: 'INTERNAL' });
    }
  });

  it('passes a known error code through and turns an unknown one into INTERNAL', async () => {
    handAnswer = { ok: false, error: { code: 'FORBIDDEN', message: 'not yours' } };
    await expect(hand()).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'not yours' });
    handAnswer = { ok: false, error: { code: 'SOMETHING_NEW', message: 'later version' } };
    await expect(hand()).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
