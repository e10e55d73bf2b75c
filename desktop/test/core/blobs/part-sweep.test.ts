/**
 * When the core opens, blobs/tmp is cleaned of leftovers: every .part is
 * removed except one a sync will resume (its blob is still wanted by a
 * cached lesson, not verified yet, and the part is shorter than the blob).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DesktopCore } from '../../../src/core/desktop-core.ts';
import { openCacheDb } from '../../../src/core/cache/database.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const sha = (c: string) => c.repeat(64);
const wanted = sha('a'); // in a lesson, not downloaded: resumable
const wantedComplete = sha('b'); // in a lesson, but the part is already full size: would start over
const verified = sha('c'); // in a lesson and already verified
const forgotten = sha('d'); // no lesson wants it any more

async function cacheWithLesson(cacheDir: string): Promise<void> {
  const db = await openCacheDb(cacheDir);
  await db
    .insertInto('lessons')
    .values({ id: 'l1', title: 'Kəsrlər', description: '', subject: 'Riyaziyyat', grade: 5, language: 'az', updated_at: '2026-01-01T00:00:00Z', search_rowid: null })
    .execute();
  await db
    .insertInto('lesson_resources')
    .values([wanted, wantedComplete, verified].map((sha256, position) => ({ lesson_id: 'l1', position, id: `r${position}`, name: 'f', media_type: 'text/html', size: 1000, sha256 })))
    .execute();
  await db.insertInto('blobs').values({ sha256: verified, size: 1000, relative_path: `blobs/cc/${verified}`, verified_at: '2026-01-01T00:00:00Z', last_used_at: null, file_mtime_ms: null }).execute();
  await db.destroy();
  // Its file too: a row without one is dropped at open (blob-sweep.ts), and its part would then be resumable.
  await mkdir(join(cacheDir, 'blobs', 'cc'), { recursive: true });
  await writeFile(join(cacheDir, 'blobs', 'cc', verified), new Uint8Array(1000));
}

describe('start-up .part sweep', () => {
  it('keeps only the resumable part of a wanted blob and removes every other leftover in blobs/tmp', async () => {
    const cacheDir = await dirs.make();
    await cacheWithLesson(cacheDir);
    const tmp = join(cacheDir, 'blobs', 'tmp');
    await mkdir(join(tmp, 'a-folder'), { recursive: true });
    await writeFile(join(tmp, `${wanted}.part`), new Uint8Array(400));
    await writeFile(join(tmp, `${wantedComplete}.part`), new Uint8Array(1000));
    await writeFile(join(tmp, `${verified}.part`), new Uint8Array(400));
    await writeFile(join(tmp, `${forgotten}.part`), new Uint8Array(400));
    await writeFile(join(tmp, 'notes.txt'), 'not ours');
    await symlink('/etc/hostname', join(tmp, `${sha('e')}.part`));

    const core = await DesktopCore.open({ cacheDir, appVersion: '0.1.0-test', blobUrlPrefix: 'sinif-blob://x/' });
    await core.close();

    expect(await readdir(tmp)).toEqual([`${wanted}.part`]);
  });

  it('opens a cache without a blobs folder at all', async () => {
    const core = await DesktopCore.open({ cacheDir: await dirs.make(), appVersion: '0.1.0-test', blobUrlPrefix: 'sinif-blob://x/' });
    await core.close();
  });
});
