import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blobShaFromUrl, createBlobRequestHandler } from '../../src/main/blob-protocol.ts';

const dir = mkdtempSync(join(tmpdir(), 'sinif-blob-'));
const content = Buffer.from('<h1>Şəkil</h1>');
const sha = createHash('sha256').update(content).digest('hex');
const filePath = join(dir, sha);
writeFileSync(filePath, content);

// Stands in for the cache: it knows exactly one verified file.
const handler = createBlobRequestHandler({
  verifiedBlob: async (asked) => (asked === sha ? { path: filePath, size: content.length, mediaType: 'text/html' } : null),
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sinif-blob protocol', () => {
  it('reads the sha256 only from exact blob URLs', () => {
    expect(blobShaFromUrl(`sinif-blob://blob/${sha}`)).toBe(sha);
    expect(blobShaFromUrl(`sinif-blob://blob/${sha}?x=1`)).toBe(sha);
    expect(blobShaFromUrl(`sinif-blob://other/${sha}`)).toBeNull();
    expect(blobShaFromUrl(`sinif-blob://blob/${sha.toUpperCase()}`)).toBeNull();
    expect(blobShaFromUrl(`sinif-blob://blob/${sha}/x`)).toBeNull();
    expect(blobShaFromUrl(`sinif-blob://blob/../${sha}`)).toBe(sha);
    expect(blobShaFromUrl(`https://blob/${sha}`)).toBeNull();
    expect(blobShaFromUrl('not a url')).toBeNull();
  });

  it('serves a verified file sandboxed, with its media type', async () => {
    const response = await handler(new Request(`sinif-blob://blob/${sha}`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(true);
  });

  it('serves byte ranges so video can seek', async () => {
    const response = await handler(new Request(`sinif-blob://blob/${sha}`, { headers: { range: 'bytes=0-3' } }));
    expect(response.status).toBe(206);
    expect(Buffer.from(await response.arrayBuffer()).equals(content.subarray(0, 4))).toBe(true);
  });

  it('answers 404 for files the cache has not verified and 405 for writes', async () => {
    expect((await handler(new Request(`sinif-blob://blob/${'0'.repeat(64)}`))).status).toBe(404);
    expect((await handler(new Request('sinif-blob://blob/etc/passwd'))).status).toBe(404);
    expect((await handler(new Request(`sinif-blob://blob/${sha}`, { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
