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
import { unwritten } from '../../../src/core/blobs/blob-files.ts';
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

describe('unwritten (what a short vectored write left)', () => {
  // Each chunk with memory of its own (small Buffer.from ones share a pool).
  const chunks = ['abc', '', 'de', 'fghi'].map((text) => new TextEncoder().encode(text));
  const joined = (parts: readonly Uint8Array[]) => Buffer.concat(parts).toString();

  it('is the rest of the bytes after every possible count written, as views of the same memory', () => {
    for (let written = 0; written <= 9; written++) {
      const rest = unwritten(chunks, written);
      expect(joined(rest)).toBe('abcdefghi'.slice(written));
      expect(rest.every((part) => part.byteLength > 0)).toBe(true);
      // No byte is copied: every part is a view of a chunk's own memory.
      for (const part of rest) expect(chunks.some((chunk) => chunk.buffer === part.buffer)).toBe(true);
    }
  });

  it('is nothing when everything was written, and nothing for no chunks', () => {
    expect(unwritten(chunks, 9)).toEqual([]);
    expect(unwritten([], 0)).toEqual([]);
  });
});
