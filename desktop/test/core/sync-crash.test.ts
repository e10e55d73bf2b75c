/**
 * Reliability: a library sync (catalog pages, lab-coordinated blob downloads)
 * killed with SIGKILL at random points leaves a cache that passes
 * PRAGMA integrity_check, never holds an unverified blob as verified, and
 * the next run completes the sync. Trials: RELIABILITY_TRIALS (default 10;
 * the figure is 50).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { LessonInput } from '../../../server/src/catalog/catalog-writer.ts';
import { writeLessons } from '../../../server/src/catalog/catalog-writer.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ftsMatchOf } from '../../src/core/search/search-fold.ts';
import { startDemoServer } from '../support/demo-server.ts';
import { adminToken, randomFile } from '../support/lab-peer-fixture.ts';
import { tempDirs } from '../support/temp-dir.ts';

const TRIALS = Number(process.env.RELIABILITY_TRIALS ?? 10);
const LESSONS = 1_500;
const BLOBS = 24;
const CHILD = join(import.meta.dirname, '..', 'support', 'sync-child.ts');

const dirs = tempDirs();
let server: Awaited<ReturnType<typeof startDemoServer>>;
let code: string;
/** Every live lesson on the server (the demo library's and ours). */
let expectedLessons: number;

beforeAll(async () => {
  server = await startDemoServer(await dirs.make('sinif-crash-server-'));
  // Files of 64 KiB .. 1.5 MiB, shared round-robin by many small lessons.
  const files = Array.from({ length: BLOBS }, (_, i) => server.app.content.put(randomFile(64 * 1024 + i * 64 * 1024)));
  const lessons: LessonInput[] = Array.from({ length: LESSONS }, (_, i) => {
    const file = files[i % BLOBS]!;
    return {
      id: `crash-${i}`,
      title: `Dərs ${i} şəkil`,
      description: 'Çoxlu dərs: səhifələr bir-bir yazılır.',
      subject: 'Fizika',
      grade: 1 + (i % 12),
      language: 'az',
      resources: [{ id: 'r1', name: 'video.mp4', mediaType: 'video/mp4', size: file.size, sha256: file.sha256 }],
    };
  });
  await server.app.store.transaction().execute((trx) => writeLessons(trx, lessons));
  const live = await server.app.store.selectFrom('lessons').select((eb) => eb.fn.countAll<number>().as('n')).where('deleted', '=', 0).executeTakeFirstOrThrow();
  expectedLessons = Number(live.n);
  const res = await fetch(`${server.url}/api/v1/admin/enrolment-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await adminToken(server)}` },
    body: JSON.stringify({ labId: 'demo-lab-1', maxUses: 500 }),
  });
  code = ((await res.json()) as { code: string }).code;
}, 60_000);

afterAll(async () => {
  await server?.close();
  await dirs.cleanup();
});

interface ChildRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  ms: number;
}

/** Runs one sync process; kills it with SIGKILL after `killAfterMs` unless it finished first. */
function runSync(cacheDir: string, seat: number, killAfterMs?: number): Promise<ChildRun> {
  const started = Date.now();
  const student = server.demo.students[seat % server.demo.students.length]!;
  const options = { cacheDir, serverUrl: server.url, code, username: student.username, password: student.password, seatName: `CRASH-${seat}` };
  const child = spawn(process.execPath, [CHILD, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve) => {
    child.on('exit', (exitCode, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ exitCode, signal, output, ms: Date.now() - started });
    });
  });
}

/** The cache as a killed process left it: SQLite intact, and every `blobs` row a complete file with the right hash. */
async function checkCache(cacheDir: string): Promise<number> {
  if (!existsSync(join(cacheDir, 'cache.db'))) return 0;
  const sqlite = new Database(join(cacheDir, 'cache.db'));
  try {
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    // Killed while the cache was first opened: migrations are all-or-nothing, so it holds no table yet.
    if (!sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'blobs'`).get()) return 0;
    // The search index (search.db, written by the indexer's thread) is intact too; what it missed, the log still holds.
    if (existsSync(join(cacheDir, 'search.db'))) {
      sqlite.prepare('ATTACH DATABASE ? AS search').run(join(cacheDir, 'search.db'));
      expect(sqlite.pragma('search.integrity_check', { simple: true })).toBe('ok');
    }
    const rows = sqlite.prepare('SELECT sha256, size, relative_path FROM blobs').all() as { sha256: string; size: number; relative_path: string }[];
    for (const row of rows) {
      expect(row.relative_path).not.toMatch(/tmp|\.part$/);
      const bytes = await readFile(join(cacheDir, row.relative_path));
      expect([bytes.byteLength, createHash('sha256').update(bytes).digest('hex')]).toEqual([row.size, row.sha256]);
    }
    return rows.length;
  } finally {
    sqlite.close();
  }
}

/** Lessons in the search index, after checking it has applied every change logged (a completed sync waits for that). */
function searchIndexed(cacheDir: string): number {
  const sqlite = new Database(join(cacheDir, 'cache.db'));
  try {
    sqlite.prepare('ATTACH DATABASE ? AS search').run(join(cacheDir, 'search.db'));
    const logged = sqlite.prepare<[], { seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM search_log').get()!.seq;
    expect(sqlite.prepare<[], { applied_seq: number }>('SELECT applied_seq FROM search.search_state').get()!.applied_seq).toBeGreaterThanOrEqual(logged);
    // Each lesson is found by its title as it is now: no row missing, none stale.
    const lessons = sqlite.prepare<[], { search_rowid: number; title: string }>('SELECT search_rowid, title FROM lessons').all();
    const hits = sqlite.prepare<[string], { rowid: number }>('SELECT rowid FROM search.lesson_search WHERE lesson_search MATCH ?');
    for (const lesson of lessons) expect(hits.all(ftsMatchOf(lesson.title)!).map((h) => h.rowid)).toContain(lesson.search_rowid);
    return sqlite.prepare<[], { n: number }>('SELECT count(*) AS n FROM search.lesson_search').get()!.n;
  } finally {
    sqlite.close();
  }
}

/** The catalog's indexes after a completed run: none left deferred, whether a kill or the background upkeep was last to touch them. */
function catalogIndexes(cacheDir: string): { deferred: number; built: string[] } {
  const sqlite = new Database(join(cacheDir, 'cache.db'));
  try {
    return {
      deferred: sqlite.prepare<[], { n: number }>('SELECT count(*) AS n FROM deferred_indexes').get()!.n,
      built: sqlite
        .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('lessons', 'lesson_resources') AND sql IS NOT NULL ORDER BY name`)
        .all()
        .map((r) => r.name),
    };
  } finally {
    sqlite.close();
  }
}

describe('a library sync killed with SIGKILL', () => {
  it(`leaves an intact cache with only verified blobs, ${TRIALS} times at random points, and the next run completes`, async () => {
    // One undisturbed run tells how long a whole sync takes; kills land anywhere within it.
    const full = await runSync(await dirs.make('sinif-crash-cache-'), 0);
    expect(full.exitCode, full.output).toBe(0);
    expect(JSON.parse(full.output.trim().split('\n').at(-1)!)).toMatchObject({ state: 'idle', lessons: expectedLessons, offline: expectedLessons });

    let cacheDir = await dirs.make('sinif-crash-cache-');
    let seat = 1;
    let killed = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const run = await runSync(cacheDir, seat, Math.floor(Math.random() * full.ms));
      if (run.signal === 'SIGKILL') killed += 1;
      else expect(run.exitCode, run.output).toBe(0);
      await checkCache(cacheDir);
      // A run that got to the end starts a fresh cache (and PC), so later kills still hit a sync in progress.
      if (run.signal !== 'SIGKILL') {
        cacheDir = await dirs.make('sinif-crash-cache-');
        seat += 1;
      }
    }
    const last = await runSync(cacheDir, seat);
    expect(last.exitCode, last.output).toBe(0);
    expect(JSON.parse(last.output.trim().split('\n').at(-1)!)).toMatchObject({ state: 'idle', lessons: expectedLessons, offline: expectedLessons });
    expect(await checkCache(cacheDir)).toBeGreaterThanOrEqual(BLOBS);
    expect(searchIndexed(cacheDir)).toBe(expectedLessons);
    expect(catalogIndexes(cacheDir)).toEqual({
      deferred: 0,
      built: ['lesson_resources_sha256', 'lessons_browse_facets', 'lessons_browse_title', 'lessons_search_rowid'],
    });
    // Most kills land mid-sync (about 85 % here); a quarter is enough to prove the test is not vacuous
    // without making it flaky.
    expect(killed).toBeGreaterThanOrEqual(Math.ceil(TRIALS / 4));
    if (process.env.RELIABILITY_TRIALS) console.info(JSON.stringify({ reliability: 'sync-sigkill', trials: TRIALS, killed, fullSyncMs: full.ms }));
  }, 60_000 + TRIALS * 15_000);
});
