/**
 * Quitting never waits out a download: closing a core stops its library sync
 * and lesson downloads at once, even under a low bandwidth cap. What was
 * fetched stays as a `.part` for the next run, no blob is recorded half done,
 * and the next core on the same cache finishes the job.
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { upsertLesson } from '../../../server/src/catalog/catalog-writer.ts';
import { partRelativePath } from '../../src/core/blobs/blob-files.ts';
import type { DesktopCore } from '../../src/core/desktop-core.ts';
import { sha256Of } from '../support/content-fixture.ts';
import { eventually } from '../support/demo-server.ts';
import { demoLabWithCores } from '../support/desktop-cores.ts';

const lab = demoLabWithCores();
const teacher = () => lab.server.demo.teacher;

/** A one-file lesson on the demo server; its bytes are served only once `store()` is called. */
async function bigLesson(id: string, size: number) {
  const bytes = new Uint8Array(randomBytes(size));
  const sha256 = sha256Of(bytes);
  await upsertLesson(lab.server.app.store, {
    id,
    title: `Big ${id}`,
    description: '',
    subject: 'Fizika',
    grade: 9,
    language: 'az',
    resources: [{ id: 'r0', name: 'video.bin', mediaType: 'application/octet-stream', size, sha256 }],
  });
  return { id, bytes, sha256, store: () => lab.server.app.content.put(bytes) };
}

async function capTo(core: DesktopCore, kbps: number | null): Promise<void> {
  await core['settings.set']({ bandwidth: { kbps, window: null } });
}

/** Milliseconds `core.close()` takes (the core is no longer closed by afterEach). */
async function closeTimed(core: DesktopCore): Promise<number> {
  lab.cores.forget(core);
  const started = performance.now();
  await core.close();
  return performance.now() - started;
}

const partSize = async (cacheDir: string, sha256: string) => (await stat(join(cacheDir, partRelativePath(sha256))).catch(() => null))?.size ?? null;

describe('closing the core stops its downloads', () => {
  it('closes within 2 s during a capped lesson download, keeps the .part without a blob row, and a reopened core completes it', async () => {
    const cacheDir = await lab.dirs.make();
    const lesson = await bigLesson('close-lesson-download', 4_000_000);
    const core = await lab.cores.signedIn(teacher(), 'PC-CLOSE-1', { cacheDir });
    // The catalog and the demo files at full speed; the big file is not on the server yet.
    await core['library.sync']({});
    await core.syncSettled();
    lesson.store();
    await capTo(core, 2_000); // 250 kB/s: 16 s for the whole file
    await core['library.download']({ lessonId: lesson.id });
    await eventually(async () => (((await core['library.downloads']({})).downloads[0]?.bytesDone ?? 0) >= 256 * 1024 ? true : undefined), 5_000);

    expect(await closeTimed(core)).toBeLessThan(2_000);
    const kept = await partSize(cacheDir, lesson.sha256);
    expect(kept).toBeGreaterThanOrEqual(256 * 1024);
    expect(kept).toBeLessThan(lesson.bytes.byteLength);

    const reopened = await lab.cores.open({ cacheDir });
    // Not recorded as a blob; the start-up sweep keeps the part a download will resume.
    expect(await reopened.verifiedBlob(lesson.sha256)).toBeNull();
    expect(await partSize(cacheDir, lesson.sha256)).toBe(kept);
    await capTo(reopened, null);
    await reopened['library.download']({ lessonId: lesson.id });
    await reopened.downloadsSettled();
    expect((await reopened['library.downloads']({})).downloads).toEqual([]);
    const blob = await reopened.verifiedBlob(lesson.sha256);
    expect(blob).not.toBeNull();
    expect(sha256Of(await readFile(blob!.path))).toBe(lesson.sha256);
    expect(await partSize(cacheDir, lesson.sha256)).toBeNull();
  });

  it('closes within 2 s during a library sync and a lesson download at 64 kbit/s; a reopened core syncs everything', async () => {
    const cacheDir = await lab.dirs.make();
    const synced = await bigLesson('close-sync', 2_000_000);
    const downloaded = await bigLesson('close-sync-download', 1_000_000);
    synced.store();
    downloaded.store();
    const core = await lab.cores.signedIn(teacher(), 'PC-CLOSE-2', { cacheDir });
    await capTo(core, 64); // 8 kB/s: the sync alone would take minutes
    await core['library.sync']({});
    await eventually(async () => ((await core['library.status']({})).phase === 'content' ? true : undefined), 5_000);
    expect((await core['library.download']({ lessonId: downloaded.id })).state).toBe('downloading');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await core['library.status']({})).state).toBe('syncing');

    expect(await closeTimed(core)).toBeLessThan(2_000);

    const reopened = await lab.cores.open({ cacheDir });
    expect(await reopened.verifiedBlob(synced.sha256)).toBeNull();
    expect(await reopened.verifiedBlob(downloaded.sha256)).toBeNull();
    await capTo(reopened, null);
    await reopened['library.sync']({});
    await reopened.syncSettled();
    expect(await reopened['library.status']({})).toMatchObject({ state: 'idle', error: null });
    expect(await reopened.verifiedBlob(synced.sha256)).not.toBeNull();
    expect(await reopened.verifiedBlob(downloaded.sha256)).not.toBeNull();
  });
});
