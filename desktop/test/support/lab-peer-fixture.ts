/**
 * Helpers for lab-peer tests against a real server: lessons with chosen
 * bytes, PCs enrolled over REST (to stand in for classmates), a meter of the
 * bytes the server sends, and a hostile "classmate" that serves wrong bytes.
 */
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { DEVICE_HEADER, type LabPeers, type Lesson } from '@sinif/shared';
import type { RunningServer } from '@sinif/server';
import { upsertLesson } from '../../../server/src/catalog/catalog-writer.ts';

/**
 * Every byte the server wrote to its sockets (HTTP and socket.io). Attach it
 * right after the server starts: a keep-alive socket opened before the meter
 * would carry bytes it never sees. Take differences for one phase.
 */
export function serverByteMeter(server: RunningServer): { bytes(): number } {
  const live = new Set<Socket>();
  let closed = 0;
  server.app.server.on('connection', (socket: Socket) => {
    live.add(socket);
    socket.once('close', () => {
      live.delete(socket);
      closed += socket.bytesWritten;
    });
  });
  return { bytes: () => closed + [...live].reduce((sum, s) => sum + s.bytesWritten, 0) };
}

/** Stores `files` in the server's content store and publishes a lesson with them. */
export async function publishLesson(server: RunningServer, id: string, files: Uint8Array[]): Promise<Lesson['resources']> {
  const resources = files.map((bytes, i) => {
    const stored = server.app.content.put(bytes);
    return { id: `r${i}`, name: `file-${i}.mp4`, mediaType: 'video/mp4', size: stored.size, sha256: stored.sha256 };
  });
  await upsertLesson(server.app.store, { id, title: `Dərs ${id}`, description: '', subject: 'Fizika', grade: 7, language: 'az', resources });
  return resources;
}

export const randomFile = (size: number): Uint8Array => new Uint8Array(randomBytes(size));

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function adminToken(server: RunningServer & { demo: NonNullable<RunningServer['demo']> }): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(server.demo.itAdmin),
  });
  return (await json<{ token: string }>(res)).token;
}

/** A new lab of the demo school and a code to enrol PCs into it. */
export async function otherLabCode(server: RunningServer, token: string): Promise<string> {
  const auth = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const lab = await json<{ id: string }>(
    await fetch(`${server.url}/api/v1/admin/labs`, { method: 'POST', headers: auth, body: JSON.stringify({ schoolId: 'demo-school', name: 'Lab 2' }) }),
  );
  const code = await json<{ code: string }>(
    await fetch(`${server.url}/api/v1/admin/enrolment-codes`, { method: 'POST', headers: auth, body: JSON.stringify({ labId: lab.id }) }),
  );
  return code.code;
}

export async function revokeDevice(server: RunningServer, token: string, deviceId: string): Promise<void> {
  const res = await fetch(`${server.url}/api/v1/admin/devices/${deviceId}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`revoke: ${res.status} ${await res.text()}`);
  await res.body?.cancel();
}

/** A PC enrolled over REST: it speaks the lab-peer routes itself. */
export async function restPc(server: RunningServer, code: string, seatName: string) {
  const enrolled = await json<{ deviceToken: string; seat: { deviceId: string } }>(
    await fetch(`${server.url}/api/v1/devices/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, seatName }) }),
  );
  const headers = { 'content-type': 'application/json', [DEVICE_HEADER]: enrolled.deviceToken };
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}/api/v1/devices/me/lab-peers${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return {
    deviceId: enrolled.seat.deviceId,
    token: enrolled.deviceToken,
    labPeers: async () => json<LabPeers>(await call('GET', '')),
    announce: async (port: number) => (await call('PUT', '/endpoint', { port, addresses: ['127.0.0.1'] })).body?.cancel(),
    claim: async (sha256: string) => (await call('POST', '/blob-reports', { sha256, outcome: 'have' })).body?.cancel(),
    blobSource: async (sha256: string) => json<{ source: string; peers?: { deviceId: string }[] }>(await call('POST', '/blob-source', { sha256 })),
  };
}

/** A "classmate" that answers every blob request with `size` wrong bytes (the right length, if that is the blob's). */
export async function startHostilePeer(size: number): Promise<{ port: number; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(randomBytes(size));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
