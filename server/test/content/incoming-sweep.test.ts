/**
 * Start-up cleanup: upload leftovers of a crashed server (spooled uploads in
 * content/.incoming, half-written put temp files) are removed when the server
 * starts; recent ones (an import CLI may be writing them now) and real blobs stay.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startTempServer, tempDataDir, type TempServer } from '../support/temp-server.ts';
import { sha256Of } from '../support/lesson-package.ts';

let server: TempServer | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
});

function writeAged(path: string, bytes: string, ageMs: number): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, bytes);
  const at = new Date(Date.now() - ageMs);
  utimesSync(path, at, at);
}

describe('server start-up', () => {
  it('removes upload leftovers older than an hour and keeps fresh spools and stored blobs', async () => {
    const dataDir = tempDataDir();
    const content = join(dataDir, 'content');
    const blob = 'a lesson page';
    const sha = sha256Of(blob);
    const staleSpool = join(content, '.incoming', `${randomUUID()}.part`);
    const freshSpool = join(content, '.incoming', `${randomUUID()}.part`);
    const stalePut = join(content, sha.slice(0, 2), `.${sha}.${randomUUID()}.tmp`);
    const storedBlob = join(content, sha.slice(0, 2), sha);
    writeAged(staleSpool, 'half an upload', 3 * 60 * 60_000);
    writeAged(freshSpool, 'an upload the CLI is writing now', 5_000);
    writeAged(stalePut, 'half a blob', 3 * 60 * 60_000);
    writeAged(storedBlob, blob, 3 * 60 * 60_000);

    server = await startTempServer({ seedDemo: false }, dataDir);

    expect(existsSync(staleSpool)).toBe(false);
    expect(existsSync(stalePut)).toBe(false);
    expect(existsSync(freshSpool)).toBe(true);
    expect(existsSync(storedBlob)).toBe(true);
  });
});
