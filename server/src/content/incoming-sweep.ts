/**
 * Start-up cleanup of upload leftovers: spooled uploads and packages in
 * `content/.incoming` and half-written `put` temp files in the fan-out
 * folders, left by a crash or a killed process. The server's own uploads
 * cannot be running while it starts, but the import CLI may use the same
 * store right now (it is documented as safe while the server runs), so only
 * files untouched for `minAgeMs` are taken: an upload being written moves
 * its mtime all the time.
 */
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ContentStore } from './content-store.ts';
import { incomingDir } from './content-upload.ts';

/** An hour: far longer than spooling the largest package, far shorter than the disk takes to fill. */
export const INCOMING_MIN_AGE_MS = 60 * 60_000;

const FAN_OUT_DIR = /^[0-9a-f]{2}$/;
/** ContentStore.put's temp name: `.<sha256>.<uuid>.tmp`. */
const PUT_TEMP = /^\.[0-9a-f]{64}\.[0-9a-f-]{36}\.tmp$/;

export interface IncomingSweep {
  /** Paths removed, relative to the content root. */
  removed: string[];
  bytes: number;
}

function removeIfStale(root: string, relative: string, cutoff: number, sweep: IncomingSweep): void {
  const path = join(root, relative);
  let info;
  try {
    info = lstatSync(path);
  } catch {
    return; // gone meanwhile
  }
  if (info.mtimeMs > cutoff) return;
  rmSync(path, { recursive: true, force: true });
  sweep.removed.push(relative);
  sweep.bytes += info.isFile() ? info.size : 0;
}

function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export function sweepIncoming(content: ContentStore, opts: { now?: number; minAgeMs?: number } = {}): IncomingSweep {
  const cutoff = (opts.now ?? Date.now()) - (opts.minAgeMs ?? INCOMING_MIN_AGE_MS);
  const sweep: IncomingSweep = { removed: [], bytes: 0 };
  const incoming = incomingDir(content);
  for (const name of namesIn(incoming)) removeIfStale(content.root, join('.incoming', name), cutoff, sweep);
  for (const dir of namesIn(content.root).filter((name) => FAN_OUT_DIR.test(name))) {
    for (const name of namesIn(join(content.root, dir)).filter((n) => PUT_TEMP.test(n))) removeIfStale(content.root, join(dir, name), cutoff, sweep);
  }
  return sweep;
}
