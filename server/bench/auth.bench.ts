/**
 * `npm run bench -- auth` (or `node --expose-gc server/bench/auth.bench.ts`).
 *
 * 1. Sign-ins per second for 1,000 distinct users over real HTTP on loopback,
 *    against the password hash alone at the same concurrency: the ratio shows
 *    whether scrypt dominates sign-in (it should; ~1.0 means no overhead).
 * 2. p50 and p99 of an authenticated no-op (GET /api/v1/me) against an
 *    anonymous one (GET /health): the cost of the session lookup per request
 *    (target: p99 ratio ≤ 1.2). The two are interleaved pair by pair, in
 *    alternating order, after a warm-up, so load from elsewhere on the machine
 *    (GC, other processes, CPU frequency) lands on both series alike.
 *
 * Users are seeded straight into the store with one shared scrypt hash (the
 * verify cost is the same as with distinct hashes; seeding 1,000 distinct ones
 * would only double the run time). The throttle is no obstacle: it counts only
 * FAILED sign-ins, and each account signs in once, successfully.
 * Prints one JSON object as its last line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig, startServer } from '../src/index.ts';
import { hashPassword, verifyPassword } from '../src/auth/secrets.ts';

const USERS = 1000;
const CONCURRENCY = 8;
const HASH_SAMPLES = 200;
const LATENCY_WARMUP = 1000;
const LATENCY_SAMPLES = 5000;
const PASSWORD = 'bench-password-1';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function timed(url: string, headers: Record<string, string>): Promise<number> {
  const start = performance.now();
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - start;
}

const dataDir = mkdtempSync(join(tmpdir(), 'sinif-bench-auth-'));
const server = await startServer(loadConfig({ overrides: { host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent', seedDemo: false } }));
try {
  const db = server.app.store;
  const hash = await hashPassword(PASSWORD);
  const now = new Date().toISOString();
  await db.insertInto('regions').values({ id: 'bench-region', name: 'Bench' }).execute();
  await db.insertInto('schools').values({ id: 'bench-school', region_id: 'bench-region', name: 'Bench school' }).execute();
  const usernames = Array.from({ length: USERS }, (_, i) => `bench${String(i).padStart(4, '0')}`);
  await db.transaction().execute(async (trx) => {
    for (const [i, username] of usernames.entries()) {
      const id = `bench-user-${i}`;
      await trx.insertInto('users').values({ id, school_id: 'bench-school', username, display_name: username, password_hash: hash, created_at: now, disabled_at: null }).execute();
      await trx.insertInto('user_roles').values({ user_id: id, role: 'student', school_id: 'bench-school' }).execute();
    }
  });

  // Hash alone, same concurrency as the sign-ins.
  gc();
  const hashStart = performance.now();
  await pool(Array.from({ length: HASH_SAMPLES }, (_, i) => i), CONCURRENCY, async () => {
    if (!(await verifyPassword(PASSWORD, hash))) throw new Error('hash check failed');
  });
  const hashOnlyPerSec = HASH_SAMPLES / ((performance.now() - hashStart) / 1000);

  gc();
  const tokens: string[] = [];
  const signInStart = performance.now();
  await pool(usernames, CONCURRENCY, async (username) => {
    const response = await fetch(`${server.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    if (response.status !== 200) throw new Error(`sign-in ${username}: ${response.status} ${await response.text()}`);
    tokens.push(((await response.json()) as { token: string }).token);
  });
  const signInsPerSec = USERS / ((performance.now() - signInStart) / 1000);

  gc();
  const authed: number[] = [];
  const unauthed: number[] = [];
  const health = (): Promise<number> => timed(`${server.url}/health`, {});
  const me = (i: number): Promise<number> => timed(`${server.url}/api/v1/me`, { authorization: `Bearer ${tokens[i % tokens.length]}` });
  for (let i = 0; i < LATENCY_WARMUP; i += 1) {
    await health();
    await me(i);
  }
  for (let i = 0; i < LATENCY_SAMPLES; i += 1) {
    // Alternate which goes first: a request right after the other kind may find caches warmer or colder.
    if (i % 2 === 0) {
      unauthed.push(await health());
      authed.push(await me(i));
    } else {
      authed.push(await me(i));
      unauthed.push(await health());
    }
  }
  const authedP50Ms = percentile(authed, 0.5);
  const unauthedP50Ms = percentile(unauthed, 0.5);
  const authedP99Ms = percentile(authed, 0.99);
  const unauthedP99Ms = percentile(unauthed, 0.99);
  const round = (n: number, digits = 3): number => Number(n.toFixed(digits));
  console.log(
    JSON.stringify({
      bench: 'auth',
      signInsPerSec: round(signInsPerSec, 1),
      hashOnlyPerSec: round(hashOnlyPerSec, 1),
      signInVsHashRatio: round(signInsPerSec / hashOnlyPerSec),
      latencySamples: LATENCY_SAMPLES,
      authedP50Ms: round(authedP50Ms),
      unauthedP50Ms: round(unauthedP50Ms),
      authP50Ratio: round(authedP50Ms / unauthedP50Ms),
      authedP99Ms: round(authedP99Ms),
      unauthedP99Ms: round(unauthedP99Ms),
      authP99Ratio: round(authedP99Ms / unauthedP99Ms),
    }),
  );
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
