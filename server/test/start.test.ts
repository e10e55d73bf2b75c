import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { get, type IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { bearer, signIn, startTempServer, tempDataDir } from './support/temp-server.ts';
import { closeWithin } from '../src/start.ts';
import { migrations } from '../src/db/migrations/index.ts';

const mainTs = join(import.meta.dirname, '..', 'src', 'main.ts');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('startServer', () => {
  it('reports health: version, schema version and why media is off', async () => {
    const server = await startTempServer({ seedDemo: false });
    try {
      const health = (await (await fetch(`${server.url}/health`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ status: 'ok', version: '0.1.0', database: { ok: true, schemaVersion: Object.keys(migrations).length } });
      expect(health.media).toHaveProperty('available');
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect(server.demo).toBeNull();
    } finally {
      await server.dispose();
    }
  });

  it('seeds the demo once: a restart on the same data keeps lessons, seqs and users unchanged', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const first = await startTempServer({}, dataDir);
    expect(first.demo).toMatchObject({ enrolmentCode: 'DEMO-LAB1', teacher: { username: 'teacher1', password: 'sinif-demo' } });
    expect(first.demo?.students.map((s) => s.username)).toEqual(['student1', 'student2', 'student3', 'student4', 'student5']);
    const counts = async (s: typeof first) => ({
      lessons: (await s.app.store.selectFrom('lessons').select('id').execute()).length,
      users: (await s.app.store.selectFrom('users').select('id').execute()).length,
      seq: (await s.app.store.selectFrom('catalog_seq').select('last_seq').executeTakeFirstOrThrow()).last_seq,
    });
    const before = await counts(first);
    expect(before).toEqual({ lessons: 7, users: 7, seq: 7 });
    await first.close();

    const second = await startTempServer({}, dataDir);
    try {
      expect(await counts(second)).toEqual(before);
      expect(second.demo).not.toBeNull();
    } finally {
      await second.close();
    }
  });

  it('closes gracefully: sockets are dropped, the port stops answering, close() can be called twice', async () => {
    const server = await startTempServer();
    const token = await signIn(server, 'teacher1');
    const socket = connect(server.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await Promise.all([server.close(), server.close()]);
    expect(await dropped).toBeTruthy();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    await server.dispose();
  });

  it('does not wait forever for a client that stopped reading a download: busy connections close after the grace period', async () => {
    const server = await startTempServer();
    const token = await signIn(server, 'student1');
    // Far more than the socket buffers hold, so the response stays in flight while the client does not read.
    const blob = server.app.content.put(new Uint8Array(randomBytes(32 * 1024 * 1024)));
    const stalled = await new Promise<IncomingMessage>((resolve, reject) => {
      get(`${server.url}/api/v1/content/${blob.sha256}`, { headers: bearer(token) }, resolve).on('error', reject);
    });
    expect(stalled.statusCode).toBe(200);
    stalled.pause();
    const closed = new Promise<void>((resolve) => stalled.socket.once('close', () => resolve()));
    const started = performance.now();
    await closeWithin(server.app, 300);
    expect(performance.now() - started).toBeLessThan(5_000);
    // The server cut the download off: reading what was buffered ends short of the file.
    let received = 0;
    stalled.on('data', (chunk: Buffer) => (received += chunk.length));
    stalled.on('error', () => {}); // "aborted": exactly what is expected here
    stalled.resume();
    await closed;
    expect(received).toBeLessThan(32 * 1024 * 1024);
    await server.dispose();
  });
});

function runMain(env: Record<string, string>, onStdout?: (text: string, kill: () => void) => void) {
  const child = spawn(process.execPath, [mainTs], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    onStdout?.(stdout, () => child.kill('SIGTERM'));
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('main.ts', () => {
  it('exits 2 with one line naming a bad config key', async () => {
    const result = await runMain({ SINIF_PORT: 'eighty' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('SINIF_PORT');
  });

  it('prints the URL, media health and demo sign-ins, then exits 0 on SIGTERM', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    let signalled = false;
    const result = await runMain(
      { SINIF_HOST: '127.0.0.1', SINIF_PORT: '0', SINIF_DATA_DIR: dataDir, SINIF_LOG_LEVEL: 'silent' },
      (text, kill) => {
        if (!signalled && text.includes('Demo students')) {
          signalled = true;
          kill();
        }
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(result.stdout).toMatch(/Live media: /);
    expect(result.stdout).toContain('teacher1 / sinif-demo');
    expect(result.stdout).toContain('DEMO-LAB1');
  });
});
