import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DesktopCore } from '../../src/core/desktop-core.ts';
import { HostFailure } from '../../src/host/host-failure.ts';
import { startDemoServer } from '../support/demo-server.ts';
import { tempDirs } from '../support/temp-dir.ts';

const dirs = tempDirs();
const serverDirs = tempDirs();
let server: Awaited<ReturnType<typeof startDemoServer>>;
const opened: DesktopCore[] = [];

beforeAll(async () => {
  server = await startDemoServer(await serverDirs.make('sinif-server-'));
});
afterAll(async () => {
  await server?.close();
  await serverDirs.cleanup();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((core) => core.close()));
  await dirs.cleanup();
});

async function newCore(cacheDir?: string): Promise<DesktopCore> {
  const core = await DesktopCore.open({ cacheDir: cacheDir ?? (await dirs.make()), appVersion: '0.1.0-test', blobUrlPrefix: 'sinif-blob://x/', requestTimeoutMs: 3_000 });
  opened.push(core);
  return core;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof HostFailure)) throw new Error(`expected a HostFailure, got ${String(error)}`);
  return error.code;
}

async function enrolAndSignIn(core: DesktopCore): Promise<void> {
  await core['device.enrol']({ serverUrl: server.url, code: server.demo.enrolmentCode, seatName: 'PC-07' });
  const student = server.demo.students[0]!;
  await core['session.signIn']({ username: student.username, password: student.password });
}

describe('DesktopCore', () => {
  it('maps a wrong enrolment code to ENROLMENT_CODE_INVALID and stores nothing', async () => {
    const core = await newCore();
    expect(await codeOf(core['device.enrol']({ serverUrl: server.url, code: 'NOPE-000', seatName: 'PC-07' }))).toBe('ENROLMENT_CODE_INVALID');
    expect((await core['app.info']()).seat).toBeNull();
  });

  it('refuses to sign in before enrolment (NOT_ENROLLED) and with a wrong password (INVALID_CREDENTIALS)', async () => {
    const core = await newCore();
    expect(await codeOf(core['session.signIn']({ username: 'student1', password: 'x' }))).toBe('NOT_ENROLLED');
    await core['device.enrol']({ serverUrl: server.url, code: server.demo.enrolmentCode, seatName: 'PC-07' });
    expect(await codeOf(core['session.signIn']({ username: 'student1', password: 'wrong' }))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(core['library.sync']({}))).toBe('NOT_SIGNED_IN');
  });

  it('enrols, signs in, syncs the demo library and opens a lesson with blob URLs', async () => {
    const core = await newCore();
    await enrolAndSignIn(core);
    const info = await core['app.info']();
    expect(info.seat?.seatName).toBe('PC-07');
    expect(info.user?.username).toBe('student1');
    expect(info.serverUrl).toBe(server.url);

    const first = await core['library.sync']({});
    expect(first.state).toBe('syncing');
    expect((await core['library.sync']({})).state).toBe('syncing'); // one sync at a time
    await core.syncSettled();
    const status = await core['library.status']({});
    expect(status).toMatchObject({ state: 'idle', error: null, phase: null });
    expect(status.bytesDone).toBe(status.bytesTotal);
    expect(status.lastSyncedAt).not.toBeNull();

    const lessons = await core['library.list']({});
    expect(lessons.length).toBeGreaterThanOrEqual(6);
    expect(lessons.every((l) => l.availableOffline)).toBe(true);
    const opened = await core['library.openLesson']({ lessonId: lessons[0]!.id });
    expect(opened.resources.length).toBeGreaterThan(0);
    for (const r of opened.resources) expect(r.url).toBe(`sinif-blob://x/${r.sha256}`);
    const blob = await core.verifiedBlob(opened.resources[0]!.sha256);
    expect(blob?.mediaType).toBe(opened.resources[0]!.mediaType);
  });

  it('searches titles case-insensitively and treats % and _ literally', async () => {
    const core = await newCore();
    await enrolAndSignIn(core);
    await core['library.sync']({});
    await core.syncSettled();
    const all = await core['library.list']({});
    const title = all[0]!.title;
    const hits = await core['library.list']({ search: title.toUpperCase() === title ? title : title.toUpperCase() });
    expect(hits.map((l) => l.id)).toContain(all[0]!.id);
    expect(await core['library.list']({ search: '%' })).toEqual([]);
  });

  it('says LESSON_NOT_FOUND for an unknown lesson and LESSON_NOT_AVAILABLE_OFFLINE when a blob is missing', async () => {
    const core = await newCore();
    expect(await codeOf(core['library.openLesson']({ lessonId: 'no-such-lesson' }))).toBe('LESSON_NOT_FOUND');
    await enrolAndSignIn(core);
    await core['library.sync']({});
    await core.syncSettled();
    const lesson = (await core['library.list']({}))[0]!;
    const opened = await core['library.openLesson']({ lessonId: lesson.id });
    const { rm } = await import('node:fs/promises');
    const blob = await core.verifiedBlob(opened.resources[0]!.sha256);
    await rm(blob!.path);
    expect(await codeOf(core['library.openLesson']({ lessonId: lesson.id }))).toBe('LESSON_NOT_AVAILABLE_OFFLINE');
    expect((await core['library.list']({})).find((l) => l.id === lesson.id)?.availableOffline).toBe(false);
  });

  it('signs out locally and on the server; a restarted core on the same cache stays enrolled', async () => {
    const cacheDir = await dirs.make();
    const core = await newCore(cacheDir);
    await enrolAndSignIn(core);
    expect(await core['session.signOut']({})).toEqual({});
    expect((await core['app.info']()).user).toBeNull();
    await core.close();
    opened.splice(opened.indexOf(core), 1);
    const again = await newCore(cacheDir);
    const info = await again['app.info']();
    expect(info.seat?.seatName).toBe('PC-07');
    expect(info.user).toBeNull();
  });
});
