import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PEER_BLOB_PATH, PEER_PROOF_HEADER } from '@sinif/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DesktopCore } from '../../../src/core/desktop-core.ts';
import { peerProof } from '../../../src/core/peers/peer-proof.ts';
import { startDemoServer } from '../../support/demo-server.ts';
import { desktopCores } from '../../support/desktop-cores.ts';
import {
  adminToken,
  otherLabCode,
  publishLesson,
  randomFile,
  restPc,
  revokeDevice,
  serverByteMeter,
  startHostilePeer,
} from '../../support/lab-peer-fixture.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const FILE_BYTES = 600_000;
const dirs = tempDirs();
let server: Awaited<ReturnType<typeof startDemoServer>>;
const cores = desktopCores(dirs, () => server);
/** Peer sharing on loopback, for every file (the demo library's small ones too). */
const peerOptions = { labPeers: { host: '127.0.0.1', minPeerBlobBytes: 0 } };

let meter: ReturnType<typeof serverByteMeter>;
beforeEach(async () => {
  server = await startDemoServer(await dirs.make('sinif-peers-server-'));
  meter = serverByteMeter(server);
});
afterEach(async () => {
  await cores.closeAll();
  await server.close();
  await dirs.cleanup();
});

async function syncNow(core: DesktopCore): Promise<void> {
  await core['library.sync']({});
  await core.syncSettled();
  const status = await core['library.status']({});
  if (status.state === 'error') throw new Error(`sync failed: ${status.error?.code} ${status.error?.message}`);
}

const student = (n: number) => server.demo.students[n]!;
const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function expectVerifiedCopy(core: DesktopCore, sha256: string): Promise<void> {
  const blob = await core.verifiedBlob(sha256);
  expect(blob).not.toBeNull();
  expect(sha256Of(await readFile(blob!.path))).toBe(sha256);
}

describe('lab-local sharing of lesson files', () => {
  it('gives a second PC of the lab the lesson from the first PC, not over the server', async () => {
    const files = await publishLesson(server, 'video-lesson', [randomFile(FILE_BYTES), randomFile(FILE_BYTES)]);
    const first = await cores.signedIn(student(0), 'PC-01', peerOptions);
    await syncNow(first);
    const library = (await first['library.status']({})).bytesTotal;
    expect(first.labPeering!.fetcher.stats).toMatchObject({ fromServer: library, fromPeers: 0 });

    const second = await cores.signedIn(student(1), 'PC-02', peerOptions);
    const before = meter.bytes();
    await syncNow(second);
    expect(second.labPeering!.fetcher.stats).toMatchObject({ fromServer: 0, fromPeers: library });
    expect(first.labPeering!.server.servedBytes).toBe(library);
    // Catalog, demo files and coordination only: far below one copy of the lesson.
    expect(meter.bytes() - before).toBeLessThan(FILE_BYTES / 2);
    for (const file of files) await expectVerifiedCopy(second, file.sha256);
  });

  it('fetches each file over the server once when three PCs sync at the same time', async () => {
    const files = await publishLesson(server, 'video-lesson', [randomFile(FILE_BYTES), randomFile(FILE_BYTES)]);
    const pcs = await Promise.all([0, 1, 2].map((n) => cores.signedIn(student(n), `PC-0${n + 1}`, peerOptions)));
    const before = meter.bytes();
    await Promise.all(pcs.map(syncNow));
    const fromServer = pcs.reduce((sum, pc) => sum + pc.labPeering!.fetcher.stats.fromServer, 0);
    const fromPeers = pcs.reduce((sum, pc) => sum + pc.labPeering!.fetcher.stats.fromPeers, 0);
    const library = (await pcs[0]!['library.status']({})).bytesTotal;
    expect(fromServer).toBe(library);
    expect(fromPeers).toBe(2 * library);
    expect(meter.bytes() - before).toBeLessThan(library * 1.1);
    for (const pc of pcs) for (const file of files) await expectVerifiedCopy(pc, file.sha256);
  });

  it('rejects and reports a classmate serving wrong bytes, avoids it afterwards, and gets the files from the server', async () => {
    const [a, b] = await publishLesson(server, 'video-lesson', [randomFile(FILE_BYTES), randomFile(FILE_BYTES)]);
    const hostile = await startHostilePeer(FILE_BYTES);
    try {
      const liar = await restPc(server, server.demo.enrolmentCode, 'PC-LIAR');
      await liar.announce(hostile.port);
      await liar.claim(a!.sha256);
      await liar.claim(b!.sha256);

      const pc = await cores.signedIn(student(0), 'PC-01', { ...peerOptions, downloadConcurrency: 1 });
      await syncNow(pc);
      const fetcher = pc.labPeering!.fetcher;
      // Asked once, caught by the sha256 check, never asked again (not even for the other file).
      expect(hostile.requests).toHaveLength(1);
      expect(fetcher.stats).toMatchObject({ peerMismatches: 1, fromPeers: 0, fromServer: (await pc['library.status']({})).bytesTotal });
      expect(fetcher.isBadPeer(liar.deviceId)).toBe(true);
      await expectVerifiedCopy(pc, a!.sha256);
      await expectVerifiedCopy(pc, b!.sha256);

      // Reported: the server no longer offers the liar for the file it was caught on.
      const other = await restPc(server, server.demo.enrolmentCode, 'PC-03');
      const offered = await other.blobSource(hostile.requests[0]!.slice(PEER_BLOB_PATH.length));
      expect(offered.peers?.map((p) => p.deviceId) ?? []).not.toContain(liar.deviceId);
    } finally {
      await hostile.close();
    }
  });

  it('answers 403 to a PC of another lab, a bad proof or none, and serves a classmate with a valid proof (with Range)', async () => {
    const [file] = await publishLesson(server, 'video-lesson', [randomFile(FILE_BYTES)]);
    const pc = await cores.signedIn(student(0), 'PC-01', peerOptions);
    await syncNow(pc);
    const url = `http://127.0.0.1:${pc.labPeering!.server.port}${PEER_BLOB_PATH}${file!.sha256}`;
    const get = (proof?: string, range?: string) =>
      fetch(url, { headers: { ...(proof ? { [PEER_PROOF_HEADER]: proof } : {}), ...(range ? { range } : {}) } });

    const classmate = await restPc(server, server.demo.enrolmentCode, 'PC-02');
    const lab = await classmate.labPeers();
    // Signed for another file: no good for this one.
    expect((await get(peerProof(lab.secret, classmate.deviceId, 'f'.repeat(64)))).status).toBe(403);
    const stale = peerProof(lab.secret, classmate.deviceId, file!.sha256, Date.now() - 10 * 60_000);
    expect((await get(stale)).status).toBe(403);
    const whole = await get(peerProof(lab.secret, classmate.deviceId, file!.sha256));
    expect(whole.status).toBe(200);
    expect(sha256Of(new Uint8Array(await whole.arrayBuffer()))).toBe(file!.sha256);
    const tail = await get(peerProof(lab.secret, classmate.deviceId, file!.sha256), `bytes=${FILE_BYTES - 10}-`);
    expect([tail.status, (await tail.arrayBuffer()).byteLength]).toEqual([206, 10]);
    const stranger = await restPc(server, await otherLabCode(server, await adminToken(server)), 'LAB2-PC-01');
    const strangerLab = await stranger.labPeers();
    expect((await get(peerProof(strangerLab.secret, stranger.deviceId, file!.sha256))).status).toBe(403);
    expect((await get()).status).toBe(403);
    expect((await get(`${stranger.deviceId}.${Math.floor(Date.now() / 1000)}.${'0'.repeat(64)}`)).status).toBe(403);

    // A file the PC does not hold verified is not served, proof or not.
    const missing = 'e'.repeat(64);
    const none = await fetch(`http://127.0.0.1:${pc.labPeering!.server.port}${PEER_BLOB_PATH}${missing}`, {
      headers: { [PEER_PROOF_HEADER]: peerProof(lab.secret, classmate.deviceId, missing) },
    });
    expect(none.status).toBe(404);
  });

  it('refuses a revoked PC that still holds the old lab secret', async () => {
    const [file] = await publishLesson(server, 'video-lesson', [randomFile(FILE_BYTES)]);
    const pc = await cores.signedIn(student(0), 'PC-01', { labPeers: { ...peerOptions.labPeers, directoryMaxAgeMs: 0 } });
    await syncNow(pc);
    const url = `http://127.0.0.1:${pc.labPeering!.server.port}${PEER_BLOB_PATH}${file!.sha256}`;
    const classmate = await restPc(server, server.demo.enrolmentCode, 'PC-02');
    const { secret } = await classmate.labPeers();
    const fetchAs = () => fetch(url, { headers: { [PEER_PROOF_HEADER]: peerProof(secret, classmate.deviceId, file!.sha256) } });
    const before = await fetchAs();
    expect(before.status).toBe(200);
    await before.body?.cancel();

    await revokeDevice(server, await adminToken(server), classmate.deviceId);
    expect((await fetchAs()).status).toBe(403);
    expect((await classmate.labPeers().catch((e: Error) => e.message))).toMatch(/401/);
  });
});
