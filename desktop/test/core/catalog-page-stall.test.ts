/**
 * A catalog page over a thin, shared uplink: the request timeout bounds
 * silence, not the whole page. A real server, reached through a loopback TCP
 * relay that hands its answers over slowly (or stops handing them over).
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HostErrorCode } from '@sinif/shared';
import { writeLessons } from '../../../server/src/catalog/catalog-writer.ts';
import { openCacheDb } from '../../src/core/cache/database.ts';
import { syncCatalog } from '../../src/core/catalog-sync.ts';
import { HostFailure } from '../../src/host/host-failure.ts';
import { ServerClient, type ServerAuth } from '../../src/core/server-client.ts';
import { demoStudentPc, startDemoServer } from '../support/demo-server.ts';
import { tempDirs } from '../support/temp-dir.ts';

const dirs = tempDirs();
const serverDirs = tempDirs();
let server: Awaited<ReturnType<typeof startDemoServer>>;
let auth: ServerAuth;

/** How the relay passes the server's bytes on: `slice` bytes every `everyMs`, and none after `stopAfter`. */
interface Pace {
  slice: number;
  everyMs: number;
  stopAfter?: number;
}

/** A TCP relay to the server on loopback; requests pass at once, answers at `pace`; `relayed` counts the answers' bytes. */
async function relay(target: URL, pace: Pace): Promise<{ url: string; relayed: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let relayed = 0;
  const relayServer: Server = createServer((client) => {
    const upstream = createConnection(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    const pending: Buffer[] = [];
    let sent = 0;
    upstream.on('data', (data: Buffer) => pending.push(data));
    const timer = setInterval(() => {
      let budget = Math.min(pace.slice, (pace.stopAfter ?? Infinity) - sent);
      while (budget > 0 && pending.length > 0) {
        const head = pending[0]!;
        const piece = head.subarray(0, budget);
        client.write(piece);
        sent += piece.length;
        relayed += piece.length;
        budget -= piece.length;
        if (piece.length === head.length) pending.shift();
        else pending[0] = head.subarray(piece.length);
      }
    }, pace.everyMs);
    const end = () => {
      clearInterval(timer);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => relayServer.listen(0, '127.0.0.1', resolve));
  const { port } = relayServer.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    relayed: () => relayed,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => relayServer.close(() => resolve()));
    },
  };
}

beforeAll(async () => {
  server = await startDemoServer(await serverDirs.make('sinif-server-'));
  // Enough lessons for a page of over 100 KB.
  const lessons = Array.from({ length: 300 }, (_, i) => ({
    id: `slow-${String(i).padStart(3, '0')}`,
    title: `Şəkil çəkmək ${i}`,
    description: 'Rəssamlıq dərsi: kölgə, işıq və rəng. '.repeat(4),
    subject: 'İncəsənət',
    grade: 5,
    language: 'az' as const,
    resources: [],
  }));
  await server.app.store.transaction().execute((trx) => writeLessons(trx, lessons));
  auth = await demoStudentPc(server, new ServerClient({ timeoutMs: 5_000 }), 'PC-slow-link');
});

afterAll(async () => {
  await server?.close();
  await serverDirs.cleanup();
});
afterEach(() => dirs.cleanup());

describe('a catalog page over a slow link', () => {
  it('arrives whole when it takes several times the request timeout but never goes quiet that long', async () => {
    const direct = await new ServerClient({ timeoutMs: 5_000 }).catalogChanges(auth, null, 1000);
    const pageBytes = Buffer.byteLength(JSON.stringify(direct));
    // 4 KiB every 40 ms (~100 KB/s): the page takes over a second, against a 250 ms timeout.
    const slow = await relay(new URL(server.url), { slice: 4096, everyMs: 40 });
    try {
      const client = new ServerClient({ timeoutMs: 250 });
      const started = performance.now();
      const page = await client.catalogChanges({ ...auth, serverUrl: slow.url }, null, 1000);
      expect(performance.now() - started).toBeGreaterThan(3 * 250);
      expect(page).toEqual(direct);
      expect(pageBytes).toBeGreaterThan(100_000);

      // And a whole first sync through it. Its silence also counts the time
      // this thread spends applying the page before (stall-timeout.ts): a
      // timeout a loaded machine cannot miss by that.
      const db = await openCacheDb(await dirs.make());
      await syncCatalog(db, new ServerClient({ timeoutMs: 1_000 }), { ...auth, serverUrl: slow.url }, { pageSize: 1000 });
      const cached = await db.selectFrom('lessons').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(cached.n).toBe(direct.changes.length);
      await db.destroy();
    } finally {
      await slow.close();
    }
  }, 30_000);

  it('asks for its pages gzipped once a page came slowly, and as they are over a fast link', async () => {
    /** The bytes each of two requests of the same page took through `link` (both pages alike). */
    async function twoPages(link: Pace): Promise<[number, number]> {
      const through = await relay(new URL(server.url), link);
      try {
        const client = new ServerClient({ timeoutMs: 5_000 });
        const first = await client.catalogChanges({ ...auth, serverUrl: through.url }, null, 1000);
        const afterFirst = through.relayed();
        const second = await client.catalogChanges({ ...auth, serverUrl: through.url }, null, 1000);
        expect(second).toEqual(first);
        return [afterFirst, through.relayed() - afterFirst];
      } finally {
        await through.close();
      }
    }
    // ~200 KB/s: the first page (identity, over 100 KB) is slow, so the second is asked gzipped.
    const [slowFirst, slowSecond] = await twoPages({ slice: 8192, everyMs: 40 });
    expect(slowFirst).toBeGreaterThan(100_000);
    expect(slowSecond).toBeLessThan(slowFirst / 3);
    // The same machine, no pacing: both pages as they are.
    const [fastFirst, fastSecond] = await twoPages({ slice: 16 * 1024 * 1024, everyMs: 1 });
    expect(fastFirst).toBeGreaterThan(100_000);
    expect(Math.abs(fastSecond - fastFirst)).toBeLessThan(1_000);
  }, 30_000);

  it('ends at once with the stop reason when the sync is stopped mid-page, however slow the page', async () => {
    const slow = await relay(new URL(server.url), { slice: 512, everyMs: 50 });
    try {
      const client = new ServerClient({ timeoutMs: 5_000 });
      const stop = new AbortController();
      const reason = new Error('closing');
      const started = performance.now();
      setTimeout(() => stop.abort(reason), 200);
      const failure = await client.catalogChanges({ ...auth, serverUrl: slow.url }, null, 1000, stop.signal).catch((e: unknown) => e);
      expect(failure).toBe(reason);
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      await slow.close();
    }
  });

  it('fails as an unreachable server once the answer stops arriving, after the timeout of silence', async () => {
    const stalled = await relay(new URL(server.url), { slice: 2048, everyMs: 20, stopAfter: 4096 });
    try {
      const client = new ServerClient({ timeoutMs: 300 });
      const started = performance.now();
      const failure = await client.catalogChanges({ ...auth, serverUrl: stalled.url }, null, 1000).catch((e: unknown) => e);
      const elapsed = performance.now() - started;
      expect(failure).toBeInstanceOf(HostFailure);
      expect((failure as HostFailure).code).toBe(HostErrorCode.serverUnreachable);
      expect((failure as HostFailure).message).toMatch(/mid-answer/); // the body stalled, not the headers
      expect(elapsed).toBeGreaterThanOrEqual(300);
      expect(elapsed).toBeLessThan(5_000);
    } finally {
      await stalled.close();
    }
  }, 30_000);
});
