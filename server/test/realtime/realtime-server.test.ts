import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { bearer, signIn, startTempServer, type TempServer } from '../support/temp-server.ts';

let server: TempServer;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = await startTempServer();
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await server.dispose();
});

function open(auth: Record<string, unknown>): Socket {
  const socket = connect(server.url, { path: '/socket.io', auth, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  return socket;
}

function refusal(socket: Socket): Promise<{ message: string; data?: { code: string } }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected but should have been refused')));
    socket.once('connect_error', (error) => resolve(error as Error & { data?: { code: string } }));
  });
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

const disconnected = (socket: Socket) => new Promise<string>((resolve) => socket.once('disconnect', resolve));

describe('socket.io handshake', () => {
  it('refuses a socket without a token or with a bad token with code UNAUTHENTICATED', async () => {
    expect((await refusal(open({}))).data).toEqual({ code: 'UNAUTHENTICATED' });
    expect((await refusal(open({ token: 'not-a-session' }))).data).toEqual({ code: 'UNAUTHENTICATED' });
  });

  it('admits a signed-in user into the room of their school', async () => {
    const token = await signIn(server, 'teacher1');
    const socket = open({ token });
    await connected(socket);
    const inSchool = await server.app.realtime!.io.in('school:demo-school').fetchSockets();
    expect(inSchool.map((s) => s.id)).toContain(socket.id);
  });

  it('drops the socket when its session signs out', async () => {
    const token = await signIn(server, 'student1');
    const socket = open({ token });
    await connected(socket);
    const gone = disconnected(socket);
    await fetch(`${server.url}/api/v1/auth/sign-out`, { method: 'POST', headers: bearer(token) });
    expect(await gone).toBe('io server disconnect');
    expect((await refusal(open({ token }))).data).toEqual({ code: 'UNAUTHENTICATED' });
  });
});
