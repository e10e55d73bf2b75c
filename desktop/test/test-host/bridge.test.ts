import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OpenedLesson, SyncStatus } from '@sinif/shared';
import { startCoreWorker, type CoreWorker } from '../../src/core/worker/start-core-worker.ts';
import { startBridge, type RunningBridge } from '../../src/test-host/bridge-server.ts';
import { RENDERER_CONTENT_SECURITY_POLICY } from '../../src/test-host/bridge-security.ts';
import { LESSON_CONTENT_SECURITY_POLICY } from '../../src/host/blob-response.ts';
import { bridgeClient, writeRendererDir } from '../support/bridge-client.ts';
import { eventually, startDemoServer } from '../support/demo-server.ts';
import { tempDirs } from '../support/temp-dir.ts';

/**
 * One story, in order, as a lab PC lives it: online set-up through the
 * bridge, then the server goes away and a restarted app keeps working.
 */
const dirs = tempDirs();
let server: Awaited<ReturnType<typeof startDemoServer>>;
let cacheDir: string;
let rendererDir: string;
let core: CoreWorker;
let bridge: RunningBridge;
let serverStopped = false;

async function startApp(): Promise<ReturnType<typeof bridgeClient>> {
  core = await startCoreWorker({ cacheDir, appVersion: '0.1.0-test', blobUrlPrefix: '/blob/', defaultServerUrl: server.url, requestTimeoutMs: 3_000 });
  bridge = await startBridge({ core, rendererDir });
  return bridgeClient(bridge.url);
}

async function stopApp(): Promise<void> {
  await bridge?.close();
  await core?.close();
}

async function syncToEnd(api: ReturnType<typeof bridgeClient>): Promise<SyncStatus> {
  await api.call('library.sync', {});
  return eventually(async () => {
    const status = await api.call('library.status', {});
    return status.state === 'syncing' ? undefined : status;
  });
}

let api: ReturnType<typeof bridgeClient>;
let lesson: OpenedLesson;

beforeAll(async () => {
  server = await startDemoServer(await dirs.make('sinif-server-'));
  cacheDir = await dirs.make('sinif-cache-');
  rendererDir = await writeRendererDir(await dirs.make('sinif-renderer-'));
  api = await startApp();
});

afterAll(async () => {
  await stopApp();
  if (!serverStopped) await server?.close();
  await dirs.cleanup();
});

describe('test host bridge (real server, real cache, core in a worker)', () => {
  it('serves the renderer with the strict CSP and falls back to index.html for client routes', async () => {
    for (const path of ['/', '/library/some-lesson']) {
      const res = await fetch(`${bridge.url}${path}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
      expect(res.headers.get('content-security-policy')).toBe(RENDERER_CONTENT_SECURITY_POLICY);
    }
    const asset = await fetch(`${bridge.url}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-security-policy')).toBe(RENDERER_CONTENT_SECURITY_POLICY);
  });

  it('refuses host calls from another origin or without one (403 FORBIDDEN_SENDER)', async () => {
    for (const origin of ['http://evil.example', 'null', null]) {
      const { status, body } = await api.raw('app.info', {}, origin);
      expect(status).toBe(403);
      expect(body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    }
  });

  it('refuses a foreign Host header (DNS rebinding) and non-JSON bodies', async () => {
    const rebound = await fetch(`${bridge.url}/host/invoke`, {
      method: 'POST',
      headers: { host: 'evil.example', origin: 'http://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'app.info', args: {} }),
    });
    expect(rebound.status).toBe(403);
    const form = await fetch(`${bridge.url}/host/invoke`, {
      method: 'POST',
      headers: { origin: bridge.url, 'content-type': 'text/plain' },
      body: JSON.stringify({ method: 'app.info', args: {} }),
    });
    expect(form.status).toBe(415);
  });

  it('answers a malformed envelope with 400 and host-level errors with 200', async () => {
    const malformed = await fetch(`${bridge.url}/host/invoke`, {
      method: 'POST',
      headers: { origin: bridge.url, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 5, args: {}, extra: true }),
    });
    expect(malformed.status).toBe(400);
    const unknown = await api.raw('device.wipe', {});
    expect(unknown).toMatchObject({ status: 200, body: { ok: false, error: { code: 'UNKNOWN_METHOD' } } });
    const invalid = await api.raw('session.signIn', { username: 'student1' });
    expect(invalid).toMatchObject({ status: 200, body: { ok: false, error: { code: 'INVALID_ARGUMENT' } } });
  });

  it('enrols with the demo code, signs in student1, syncs and lists the library', async () => {
    const before = await api.call('app.info', {});
    expect(before).toMatchObject({ serverUrl: server.url, seat: null, user: null });
    const seat = await api.call('device.enrol', { serverUrl: server.url, code: server.demo.enrolmentCode, seatName: 'PC-12' });
    expect(seat.seatName).toBe('PC-12');
    const student = server.demo.students[0]!;
    const user = await api.call('session.signIn', { username: student.username, password: student.password });
    expect(user.username).toBe('student1');
    const status = await syncToEnd(api);
    expect(status).toMatchObject({ state: 'idle', error: null });
    const lessons = await api.call('library.list', {});
    expect(lessons.length).toBeGreaterThanOrEqual(6);
    expect(lessons.every((l) => l.availableOffline)).toBe(true);
    lesson = await api.call('library.openLesson', { lessonId: lessons[0]!.id });
    expect(lesson.resources[0]!.url).toBe(`/blob/${lesson.resources[0]!.sha256}`);
  });

  it("serves a lesson blob whose bytes hash to the server's sha256, with ranges and the sandbox CSP", async () => {
    const resource = lesson.resources[0]!;
    const res = await fetch(`${bridge.url}${resource.url}`);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(resource.size);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(resource.sha256);
    expect(res.headers.get('content-type')).toBe(resource.mediaType);
    expect(res.headers.get('content-security-policy')).toBe(LESSON_CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');

    const part = await fetch(`${bridge.url}${resource.url}`, { headers: { range: 'bytes=0-9' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-9/${resource.size}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(0, 10));

    expect((await fetch(`${bridge.url}/blob/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await fetch(`${bridge.url}/blob/not-a-sha`)).status).toBe(404);
  });

  it('a restarted app with the server gone is still signed in, goes offline, and opens cached lessons', async () => {
    await server.close();
    serverStopped = true;
    await stopApp();
    api = await startApp();

    const info = await api.call('app.info', {});
    expect(info.user?.username).toBe('student1');
    expect(info.seat?.seatName).toBe('PC-12');
    const status = await syncToEnd(api);
    expect(status.error?.code).toBe('SERVER_UNREACHABLE');
    expect((await api.call('app.info', {})).online).toBe(false);

    const reopened = await api.call('library.openLesson', { lessonId: lesson.lesson.id });
    expect(reopened.resources.map((r) => r.sha256)).toEqual(lesson.resources.map((r) => r.sha256));
    expect((await fetch(`${bridge.url}${reopened.resources[0]!.url}`)).status).toBe(200);
  });

  it('detects a blob file changed on disk (same size) by its new mtime, re-hashes it and never serves it', async () => {
    const resource = lesson.resources[0]!;
    const path = join(cacheDir, 'blobs', resource.sha256.slice(0, 2), resource.sha256);
    await writeFile(path, Buffer.alloc(resource.size, 0x78));
    // Pin the mtime well away from the recorded one, whatever the clock resolution.
    await utimes(path, new Date(), new Date(Date.now() + 60_000));
    expect((await fetch(`${bridge.url}${resource.url}`)).status).toBe(404);
    const reopened = await api.raw('library.openLesson', { lessonId: lesson.lesson.id });
    expect(reopened.body).toMatchObject({ ok: false, error: { code: 'LESSON_NOT_AVAILABLE_OFFLINE' } });
  });
});
