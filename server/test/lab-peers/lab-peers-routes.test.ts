import { randomUUID } from 'node:crypto';
import { DEVICE_HEADER, type BlobSource, type LabPeers } from '@sinif/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, newToken } from '../../src/auth/secrets.ts';
import { BlobLeases } from '../../src/lab-peers/blob-leases.ts';
import { startTempServer, type TempServer } from '../support/temp-server.ts';

let server: TempServer;

beforeAll(async () => {
  server = await startTempServer({ seedDemo: true });
});
afterAll(async () => {
  await server.dispose();
});

/** An enrolled PC in `labId`, talking to the lab-peer routes with its device token. */
async function pc(labId = 'demo-lab-1') {
  const id = randomUUID();
  const token = newToken();
  await server.app.store
    .insertInto('devices')
    .values({ id, lab_id: labId, seat_name: `PC-${id.slice(0, 4)}`, token_hash: hashToken(token), os: null, app_version: null, enrolled_at: 'now', last_seen_at: null, revoked_at: null })
    .execute();
  const call = async (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}/api/v1/devices/me/lab-peers${path}`, {
      method,
      headers: { [DEVICE_HEADER]: token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    id,
    lab: async () => (await call('GET', '')).json() as Promise<LabPeers>,
    announce: async (port: number) => (await call('PUT', '/endpoint', { port, addresses: ['10.0.0.7'] })).status,
    source: async (sha256: string, avoid?: string[]) => (await call('POST', '/blob-source', { sha256, ...(avoid ? { avoid } : {}) })).json() as Promise<BlobSource>,
    report: async (sha256: string, outcome: string, peerDeviceId?: string) => (await call('POST', '/blob-reports', { sha256, outcome, peerDeviceId })).status,
    call,
  };
}

const sha = (c: string) => c.repeat(64);

describe('/api/v1/devices/me/lab-peers', () => {
  it('lists online classmates of the same lab only, with the addresses they reported and the one the server saw', async () => {
    await server.app.store.insertInto('labs').values({ id: 'lab-x', school_id: 'demo-school', name: 'Lab X' }).execute();
    const [a, b, c, stranger] = [await pc(), await pc(), await pc(), await pc('lab-x')];
    expect(await a.announce(47100)).toBe(204);
    expect(await b.announce(47101)).toBe(204);
    expect(await stranger.announce(47102)).toBe(204);
    const seen = await c.lab();
    expect(seen.deviceId).toBe(c.id);
    expect(seen.peers.map((p) => p.deviceId).sort()).toEqual([a.id, b.id].sort());
    expect(seen.peers.find((p) => p.deviceId === a.id)).toMatchObject({ port: 47100, addresses: ['10.0.0.7', '127.0.0.1'] });
    expect((await stranger.lab()).secret).not.toBe(seen.secret);
  });

  it('keeps the lab secret while the lab is unchanged and makes a new one when a PC of the lab is revoked', async () => {
    const a = await pc();
    const first = (await a.lab()).secret;
    expect((await a.lab()).secret).toBe(first);
    const gone = await pc();
    const withNewPc = (await a.lab()).secret;
    expect(withNewPc).not.toBe(first);
    await server.app.store.updateTable('devices').set({ revoked_at: new Date().toISOString() }).where('id', '=', gone.id).execute();
    expect((await a.lab()).secret).not.toBe(withNewPc);
    expect((await gone.call('GET', '')).status).toBe(401);
  });

  it('sends the first PC to the server, its classmates to wait, then to the PC that has the file', async () => {
    const [a, b, c] = [await pc(), await pc(), await pc()];
    for (const p of [a, b, c]) await p.announce(47200);
    const file = sha('b');
    expect(await a.source(file)).toMatchObject({ source: 'server' });
    expect(await a.source(file)).toMatchObject({ source: 'server' }); // asking again renews the lease
    expect(await b.source(file)).toMatchObject({ source: 'wait' });
    expect(await a.report(file, 'have')).toBe(204);
    expect(await b.source(file)).toMatchObject({ source: 'peers', peers: [{ deviceId: a.id }] });
    // A classmate that could not use `a` goes to the server instead.
    expect(await c.source(file, [a.id])).toMatchObject({ source: 'server' });
  });

  it('stops offering a PC reported for wrong bytes, and hands a released lease on', async () => {
    const [liar, b, c] = [await pc(), await pc(), await pc()];
    for (const p of [liar, b, c]) await p.announce(47300);
    const file = sha('c');
    await liar.report(file, 'have');
    expect(await b.source(file)).toMatchObject({ source: 'peers', peers: [{ deviceId: liar.id }] });
    expect(await b.report(file, 'mismatch', liar.id)).toBe(204);
    expect(await c.source(file)).toMatchObject({ source: 'server' });
    expect(await b.source(file)).toMatchObject({ source: 'wait' });
    expect(await c.report(file, 'released')).toBe(204);
    expect(await b.source(file)).toMatchObject({ source: 'server' });
  });

  it('refuses bad bodies with 400 and no token with 401', async () => {
    const a = await pc();
    expect((await a.call('POST', '/blob-source', { sha256: 'nope' })).status).toBe(400);
    expect((await a.call('PUT', '/endpoint', { port: 0, addresses: [] })).status).toBe(400);
    expect((await a.call('PUT', '/endpoint', { port: 80, addresses: ['evil.example'] })).status).toBe(400);
    expect((await a.call('POST', '/blob-reports', { sha256: sha('d'), outcome: 'stolen' })).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/devices/me/lab-peers`)).status).toBe(401);
  });
});

describe('BlobLeases', () => {
  it('lets a lease lapse so a dead PC holds its classmates up only for the lease time', () => {
    const leases = new BlobLeases(1_000);
    expect(leases.acquire('lab', 'f', 'a', 0)).toEqual({ granted: true, leaseMs: 1_000 });
    expect(leases.acquire('lab', 'f', 'b', 999)).toEqual({ granted: false, holderId: 'a' });
    expect(leases.acquire('other-lab', 'f', 'b', 999)).toMatchObject({ granted: true });
    expect(leases.acquire('lab', 'f', 'b', 1_000)).toMatchObject({ granted: true });
  });
});
