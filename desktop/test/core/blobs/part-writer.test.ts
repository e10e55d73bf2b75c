/**
 * PartWriter batches a download's chunks and writes one batch while the next
 * is gathered: the file must still hold every byte in order, and a write that
 * fails (a full disk) must be reported, not lost in the background.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PartWriter } from '../../../src/core/blobs/part-writer.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

describe('PartWriter', () => {
  it('writes chunks of every size across batch boundaries, in order, and syncs on finish', async () => {
    const path = join(await dirs.make('sinif-part-writer-'), 'x.part');
    const handle = await open(path, 'w');
    const writer = new PartWriter(handle);
    const chunks: Buffer[] = [];
    // 1 byte up to 700 KiB: batches of 1 MiB close in the middle of chunks' runs.
    for (const size of [1, 65_536, 700 * 1024, 3, 65_535, 700 * 1024, 700 * 1024, 17, 2 * 1024 * 1024, 5]) {
      const chunk = randomBytes(size);
      chunks.push(chunk);
      await writer.write(chunk);
    }
    await writer.finish();
    await handle.close();
    expect((await readFile(path)).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('keeps the bytes already received when the download stops mid-batch (settle writes them)', async () => {
    const path = join(await dirs.make('sinif-part-writer-'), 'x.part');
    const handle = await open(path, 'w');
    const writer = new PartWriter(handle);
    const received = randomBytes(100 * 1024); // well under a batch
    await writer.write(received);
    await writer.settle();
    await handle.close();
    expect((await readFile(path)).equals(received)).toBe(true);
  });

  it.skipIf(!existsSync('/dev/full'))('reports a write that failed in the background (ENOSPC) at the next write or at finish', async () => {
    const handle = await open('/dev/full', 'w');
    const writer = new PartWriter(handle);
    const failure = (async () => {
      for (let i = 0; i < 8; i++) await writer.write(randomBytes(1024 * 1024));
      await writer.finish();
    })();
    await expect(failure).rejects.toMatchObject({ code: 'ENOSPC' });
    await writer.settle();
    await handle.close();
  });
});
