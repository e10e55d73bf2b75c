/**
 * Start-up cleanup of `blobs/tmp`: partial downloads left by a crash, a
 * power cut or a full disk. No download runs while the core opens, so every
 * `.part` is a leftover; it is removed unless a later sync would resume it
 * (lab PCs are switched off every day, and throwing away half of a 500 MB
 * video costs the school's thin uplink that half again).
 */
import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CacheDb } from '../cache/database.ts';
import { PARTS_DIR, partSha256, removeQuietly } from './blob-files.ts';
import { unverifiedWantedSizes } from './wanted-blobs.ts';

export interface PartSweepResult {
  removed: string[];
  kept: string[];
}

/**
 * Removes every entry of `<cacheDir>/blobs/tmp` that no download will resume:
 * not a regular `<sha256>.part` file, a blob already verified or no longer in
 * any lesson, or a part as large as its blob (the store would start it over).
 */
export async function sweepStaleParts(db: CacheDb, cacheDir: string): Promise<PartSweepResult> {
  const dir = join(cacheDir, PARTS_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const result: PartSweepResult = { removed: [], kept: [] };
  const candidates = new Map<string, { name: string; size: number }>();
  for (const name of names) {
    const sha256 = partSha256(name);
    const info = await lstat(join(dir, name)).catch(() => null);
    // Only regular files: a link or folder in here is never one of ours.
    if (sha256 && info?.isFile()) candidates.set(sha256, { name, size: info.size });
    else if (info) {
      await rm(join(dir, name), { recursive: true, force: true }).catch(() => {});
      result.removed.push(name);
    }
  }
  const wanted = await unverifiedWantedSizes(db, [...candidates.keys()]);
  for (const [sha256, part] of candidates) {
    const size = wanted.get(sha256);
    if (size !== undefined && part.size < size) {
      result.kept.push(part.name);
      continue;
    }
    await removeQuietly(join(dir, part.name));
    result.removed.push(part.name);
  }
  return result;
}
