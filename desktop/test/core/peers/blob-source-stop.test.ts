/**
 * A lab PC asks the server where to fetch a blob from (classmates or the
 * server) before downloading. A cancelled download or a closing core must
 * end that question at once, not after the request timeout: the stand-in
 * server on loopback here takes the question and never answers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BlobStore } from '../../../src/core/blobs/blob-store.ts';
import { openCacheDb } from '../../../src/core/cache/database.ts';
import { LabBlobFetcher } from '../../../src/core/peers/lab-blob-fetcher.ts';
import { LabDirectory } from '../../../src/core/peers/lab-directory.ts';
import { ServerClient } from '../../../src/core/server-client.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
let silent: Server | undefined;
afterEach(async () => {
  silent?.closeAllConnections();
  await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
  await dirs.cleanup();
});

describe('asking where a blob comes from', () => {
  it('ends with the stop reason as soon as the download is stopped, though the server never answers', async () => {
    let asked = false;
    silent = createServer(() => void (asked = true)); // takes every request, answers none
    await new Promise<void>((resolve) => silent!.listen(0, '127.0.0.1', resolve));
    const serverUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;

    const cacheDir = await dirs.make();
    const db = await openCacheDb(cacheDir);
    // A request timeout far beyond this test's own: only the stop can end the question in time.
    const client = new ServerClient({ timeoutMs: 60_000 });
    const fetcher = new LabBlobFetcher({
      client,
      blobs: new BlobStore(db, cacheDir),
      directory: new LabDirectory({ client, enrolment: async () => null }),
      minPeerBlobBytes: 0,
      logError: () => {},
    });
    const stop = new AbortController();
    const reason = new Error('download cancelled');
    const fetching = fetcher.fetch({ serverUrl, deviceToken: 'device', token: 'session' }, { sha256: 'a'.repeat(64), size: 10 }, () => {}, stop.signal);
    while (!asked) await new Promise((resolve) => setTimeout(resolve, 10));
    stop.abort(reason);
    await expect(fetching).rejects.toBe(reason);
    await db.destroy();
  });
});
