/**
 * `library.cancelDownload`: the user stops one lesson's download. It drops out
 * of `library.downloads` at once and its transfers stop; a half-fetched file
 * keeps its `.part` (the next download resumes it with a Range request), and a
 * file another lesson's download also wants goes on for that lesson.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Lesson } from '@sinif/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { upsertLesson } from '../../../../server/src/catalog/catalog-writer.ts';
import { partRelativePath } from '../../../src/core/blobs/blob-files.ts';
import type { DesktopCore } from '../../../src/core/desktop-core.ts';
import { createHostDispatcher } from '../../../src/host/dispatch.ts';
import { sha256Of } from '../../support/content-fixture.ts';
import { eventually } from '../../support/demo-server.ts';
import { demoLabWithCores } from '../../support/desktop-cores.ts';

const lab = demoLabWithCores();
// A teacher may set this PC's bandwidth cap, which keeps a download running long enough to cancel.
const teacher = () => lab.server.demo.teacher;

interface TestFile {
  bytes: Uint8Array;
  resource: Lesson['resources'][number];
}

function fileOf(size: number, id = 'r0'): TestFile {
  const bytes = new Uint8Array(randomBytes(size));
  return { bytes, resource: { id, name: `${id}.bin`, mediaType: 'application/octet-stream', size, sha256: sha256Of(bytes) } };
}

/** Lists the lesson in the catalog; its files reach the server only with `storeFiles`. */
async function publish(id: string, files: TestFile[]): Promise<void> {
  await upsertLesson(lab.server.app.store, {
    id,
    title: `Cancel ${id}`,
    description: '',
    subject: 'Kimya',
    grade: 10,
    language: 'az',
    resources: files.map((f) => f.resource),
  });
}

function storeFiles(files: TestFile[]): void {
  for (const file of files) lab.server.app.content.put(file.bytes);
}

/** Range headers of the server's content requests for one blob, from now on. */
const watchers: (() => void)[] = [];
function contentRequests(sha256: string): (string | null)[] {
  const seen: (string | null)[] = [];
  const server = lab.server.app.server;
  const listener = (req: IncomingMessage) => {
    if (req.url?.endsWith(`/content/${sha256}`)) seen.push(req.headers.range ?? null);
  };
  server.on('request', listener);
  watchers.push(() => server.off('request', listener));
  return seen;
}
afterEach(() => {
  for (const stop of watchers.splice(0)) stop();
});

/**
 * A signed-in core that synced `lessons` while the server lacked their files
 * (so only a download fetches them), now held, under a 4 Mbit/s cap (500 kB/s).
 */
async function coreWith(seatName: string, lessons: [string, TestFile[]][]): Promise<{ core: DesktopCore; cacheDir: string }> {
  for (const [id, files] of lessons) await publish(id, files);
  const cacheDir = await lab.dirs.make();
  const core = await lab.cores.signedIn(teacher(), seatName, { cacheDir });
  await core['library.sync']({});
  await core.syncSettled();
  for (const [, files] of lessons) storeFiles(files);
  await capTo(core, 4_000);
  return { core, cacheDir };
}

async function capTo(core: DesktopCore, kbps: number | null): Promise<void> {
  await core['settings.set']({ bandwidth: { kbps, window: null } });
}

const bytesOf = async (core: DesktopCore, lessonId: string) =>
  (await core['library.downloads']({})).downloads.find((d) => d.lessonId === lessonId)?.bytesDone ?? 0;
const partSize = async (cacheDir: string, sha256: string) => (await stat(join(cacheDir, partRelativePath(sha256))).catch(() => null))?.size ?? null;
const stateOf = async (core: DesktopCore, lessonId: string) =>
  (await core['library.browse']({ subject: 'Kimya', limit: 100 })).lessons.find((l) => l.id === lessonId);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits until the download has put bytes in the blob's `.part` on disk (the store writes in batches). */
const partOnDisk = (cacheDir: string, sha256: string) =>
  eventually(async () => (((await partSize(cacheDir, sha256)) ?? 0) > 0 ? true : undefined));

describe('library.cancelDownload', () => {
  it('stops the transfer: the lesson leaves library.downloads, the .part stops growing and stays, and no blob is recorded', async () => {
    const film = fileOf(4_000_000);
    const { core, cacheDir } = await coreWith('PC-CANCEL-1', [['cancel-one', [film]]]);
    await core['library.download']({ lessonId: 'cancel-one' });
    await partOnDisk(cacheDir, film.resource.sha256);

    expect(await core['library.cancelDownload']({ lessonId: 'cancel-one' })).toEqual({ lessonId: 'cancel-one', cancelled: true });
    expect((await core['library.downloads']({})).downloads).toEqual([]);
    const kept = await partSize(cacheDir, film.resource.sha256);
    await pause(400);
    expect(await partSize(cacheDir, film.resource.sha256)).toBe(kept);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(film.resource.size);
    expect(await core.verifiedBlob(film.resource.sha256)).toBeNull();
    expect(await stateOf(core, 'cancel-one')).toMatchObject({ downloadState: 'none', downloadedBytes: 0 });
  }, 20_000);

  it('leaves a file shared with another lesson’s download to that download, which completes it', async () => {
    const shared = fileOf(3_000_000, 'shared');
    const own = fileOf(3_000_000, 'own');
    const { core, cacheDir } = await coreWith('PC-CANCEL-2', [
      ['cancel-both', [shared, own]],
      ['keep-shared', [shared]],
    ]);
    const requests = contentRequests(shared.resource.sha256);
    await capTo(core, 8_000); // two files share the cap
    await core['library.download']({ lessonId: 'cancel-both' });
    await core['library.download']({ lessonId: 'keep-shared' });
    await partOnDisk(cacheDir, own.resource.sha256);
    expect(await bytesOf(core, 'keep-shared')).toBeGreaterThan(0);

    expect((await core['library.cancelDownload']({ lessonId: 'cancel-both' })).cancelled).toBe(true);
    const [still] = (await core['library.downloads']({})).downloads;
    expect(still).toMatchObject({ lessonId: 'keep-shared', state: 'downloading' });
    // The cancelled lesson's own file stopped and kept its part.
    const ownPart = await partSize(cacheDir, own.resource.sha256);
    await pause(300);
    expect(await partSize(cacheDir, own.resource.sha256)).toBe(ownPart);

    await capTo(core, null);
    await core.downloadsSettled();
    expect((await core['library.downloads']({})).downloads).toEqual([]);
    expect(await stateOf(core, 'keep-shared')).toMatchObject({ downloadState: 'offline' });
    expect(await stateOf(core, 'cancel-both')).toMatchObject({ downloadState: 'partial', downloadedBytes: shared.resource.size });
    expect(await core.verifiedBlob(own.resource.sha256)).toBeNull();
    // The shared file crossed the wire once, never restarted for the lesson that stayed.
    expect(requests).toEqual([null]);
  }, 20_000);

  it('is a no-op success for a lesson not downloading, and refuses bad input with INVALID_ARGUMENT', async () => {
    const core = await lab.cores.signedIn(teacher(), 'PC-CANCEL-3');
    expect(await core['library.cancelDownload']({ lessonId: 'demo-en-saving-files' })).toEqual({ lessonId: 'demo-en-saving-files', cancelled: false });
    expect(await core['library.cancelDownload']({ lessonId: 'no-such-lesson' })).toEqual({ lessonId: 'no-such-lesson', cancelled: false });
    const dispatch = createHostDispatcher(core);
    expect(await dispatch('library.cancelDownload', { lessonId: 'demo-en-saving-files' })).toEqual({
      ok: true,
      value: { lessonId: 'demo-en-saving-files', cancelled: false },
    });
    for (const bad of [{}, { lessonId: '' }, { lessonId: 7 }, { lessonId: 'x'.repeat(65) }, { lessonId: 'a', extra: true }, null]) {
      const answer = await dispatch('library.cancelDownload', bad);
      expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
  });

  it('resumes from the kept .part with a Range request when the lesson is downloaded again', async () => {
    const film = fileOf(4_000_000);
    const { core, cacheDir } = await coreWith('PC-CANCEL-4', [['cancel-resume', [film]]]);
    const requests = contentRequests(film.resource.sha256);
    await core['library.download']({ lessonId: 'cancel-resume' });
    await partOnDisk(cacheDir, film.resource.sha256);
    await core['library.cancelDownload']({ lessonId: 'cancel-resume' });
    const kept = (await partSize(cacheDir, film.resource.sha256))!;
    expect(kept).toBeGreaterThan(0);

    await capTo(core, null);
    expect(await core['library.download']({ lessonId: 'cancel-resume' })).toMatchObject({ state: 'downloading', bytesTotal: film.resource.size });
    await core.downloadsSettled();
    expect((await core['library.downloads']({})).downloads).toEqual([]);
    expect(requests).toEqual([null, `bytes=${kept}-`]);
    expect(await stateOf(core, 'cancel-resume')).toMatchObject({ downloadState: 'offline' });
    expect(await core.verifiedBlob(film.resource.sha256)).not.toBeNull();
    expect(await partSize(cacheDir, film.resource.sha256)).toBeNull();
  }, 20_000);
});
