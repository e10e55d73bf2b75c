/**
 * A download that runs out of disk fails with DISK_FULL, removes its .part
 * and records no blob, so the cache stays consistent and a later download
 * (after space was freed) just works. The disk really is full: writes go to
 * /dev/full (a device that answers every write with ENOSPC) through a .part
 * symlink the writer follows, or, when this runs as root, to a 1 MiB tmpfs
 * mounted over blobs/tmp.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, rmdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BlobStore } from '../../../src/core/blobs/blob-store.ts';
import { openCacheDb, type CacheDb } from '../../../src/core/cache/database.ts';
import { ServerClient, type ServerAuth } from '../../../src/core/server-client.ts';
import { HostFailure } from '../../../src/host/host-failure.ts';
import { sha256Of, startContentFixture } from '../../support/content-fixture.ts';
import { demoLabWithCores } from '../../support/desktop-cores.ts';
import { eventually } from '../../support/demo-server.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const exec = promisify(execFile);
const hasDevFull = existsSync('/dev/full');

/** Why a tmpfs cannot be mounted here, or null when it can. */
async function tmpfsProblem(): Promise<string | null> {
  if (process.platform !== 'linux') return 'tmpfs is Linux only';
  if (process.getuid?.() !== 0) return 'not running as root';
  const probe = await mkdtemp(join(tmpdir(), 'sinif-tmpfs-probe-'));
  try {
    await exec('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]);
    await exec('umount', [probe]);
    return null;
  } catch (error) {
    return `mount was refused (${(error as Error).message.split('\n')[0]})`;
  } finally {
    await rmdir(probe).catch(() => {});
  }
}
const noTmpfs = await tmpfsProblem();
if (noTmpfs) console.info(`skipping the tmpfs disk-full test: ${noTmpfs}`);
if (!hasDevFull) console.info('skipping the /dev/full disk-full tests: this system has no /dev/full');

const dirs = tempDirs();
const client = new ServerClient({ timeoutMs: 5_000 });
const page = new TextEncoder().encode('<p>Dərs</p>'.repeat(400));
const video = new Uint8Array(2 * 1024 * 1024).map((_, i) => i % 253);
const blobOf = (bytes: Uint8Array) => ({ sha256: sha256Of(bytes), size: bytes.byteLength });

let fixture: Awaited<ReturnType<typeof startContentFixture>>;
let db: CacheDb;
let cacheDir: string;
let store: BlobStore;
let auth: ServerAuth;

async function failureOf(promise: Promise<unknown>): Promise<HostFailure> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof HostFailure)) throw new Error(`expected a HostFailure, got ${String(error)}`);
  return error;
}

const blobRows = async () => db.selectFrom('blobs').selectAll().execute();

describe('a download on a full disk', () => {
  beforeEach(async () => {
    fixture = await startContentFixture(new Map([page, video].map((bytes) => [sha256Of(bytes), bytes])));
    cacheDir = await dirs.make();
    db = await openCacheDb(cacheDir);
    store = new BlobStore(db, cacheDir, { minFreeDiskBytes: 0 });
    auth = { serverUrl: fixture.url, deviceToken: 'device', token: 'session' };
    await mkdir(join(cacheDir, 'blobs', 'tmp'), { recursive: true });
  });
  afterEach(async () => {
    await db.destroy();
    await fixture.close();
    await dirs.cleanup();
  });

  it.skipIf(!hasDevFull)('fails with DISK_FULL, removes its .part, records no blob, and works once there is space', async () => {
    const part = store.partPathOf(sha256Of(page));
    await symlink('/dev/full', part);

    const failure = await failureOf(store.download(client, auth, blobOf(page), () => {}));

    expect(failure.code).toBe('DISK_FULL');
    await expect(lstat(part)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(existsSync('/dev/full')).toBe(true); // the link went, not what it pointed at
    expect(await blobRows()).toEqual([]);
    expect(existsSync(store.pathOf(sha256Of(page)))).toBe(false);
    expect(await store.verifiedBlob(sha256Of(page))).toBeNull();

    await store.download(client, auth, blobOf(page), () => {});
    expect(await readFile(store.pathOf(sha256Of(page)))).toEqual(Buffer.from(page));
    expect((await blobRows()).map((row) => row.sha256)).toEqual([sha256Of(page)]);
  });

  it.skipIf(noTmpfs !== null)('fails with DISK_FULL when a 2 MiB file meets a 1 MiB filesystem, and leaves it empty', async () => {
    const tmp = join(cacheDir, 'blobs', 'tmp');
    await exec('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', tmp]);
    try {
      const failure = await failureOf(store.download(client, auth, blobOf(video), () => {}));
      expect(failure.code).toBe('DISK_FULL');
      expect(await readdir(tmp)).toEqual([]);
      expect(await blobRows()).toEqual([]);
      expect(existsSync(store.pathOf(sha256Of(video)))).toBe(false);
    } finally {
      await exec('umount', [tmp]);
    }
  });
});

describe('a library sync on a full disk', () => {
  const lab = demoLabWithCores();

  it.skipIf(!hasDevFull)('stops with DISK_FULL and leaves no blob row and no .part behind', async () => {
    const cacheDir = await lab.dirs.make();
    const lessonsDir = new URL('../../../../resources/demo-library/lessons/', import.meta.url);
    const tmp = join(cacheDir, 'blobs', 'tmp');
    // Planted after the core opened: its start-up sweep removes anything in blobs/tmp that is not a plain file.
    const core = await lab.cores.signedIn(lab.server.demo.students[0]!, 'PC-FULL', { cacheDir });
    await mkdir(tmp, { recursive: true });
    for (const name of await readdir(lessonsDir)) {
      await symlink('/dev/full', join(tmp, `${sha256Of(await readFile(new URL(name, lessonsDir)))}.part`));
    }

    await core['library.sync']({});
    await core.syncSettled();
    const status = await eventually(async () => {
      const s = await core['library.status']({});
      return s.state === 'syncing' ? undefined : s;
    });

    expect(status.state).toBe('error');
    expect(status.error?.code).toBe('DISK_FULL');
    expect(await core['storage.usage']({})).toMatchObject({ usedBytes: 0, blobCount: 0 });
    expect(await readdir(tmp)).toEqual([]);
  });
});
