/**
 * POST /api/v1/admin/content streams an upload through the hash: stored under
 * its sha256 when all is well; refused with 415 / 413 / 400 otherwise, and
 * then nothing is stored and no temp file is left behind.
 */
import { readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTempServer, type TempServer } from '../support/temp-server.ts';
import { seedIdentity } from '../support/identity-fixture.ts';
import { sha256Of } from '../support/lesson-package.ts';

let server: TempServer;
let token: string;
beforeAll(async () => {
  server = await startTempServer({ seedDemo: false });
  const fx = await seedIdentity(server.app.store);
  token = await fx.session(fx.actors.region_admin);
});
afterAll(async () => {
  await server.dispose();
});

/** Every file under the content store, temp files included. */
function storedFiles(): string[] {
  const root = server.app.content.root;
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

const upload = (body: Uint8Array | ReadableStream<Uint8Array>, contentType: string, headers: Record<string, string> = {}, query = '') =>
  fetch(`${server.url}/api/v1/admin/content${query}`, {
    method: 'POST',
    headers: { ...bearer(token), 'content-type': contentType, ...headers },
    body,
    duplex: 'half',
  } as RequestInit);
const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

describe('content upload', () => {
  it('stores an upload under its sha256, serves it back, and says when the bytes were already there', async () => {
    const bytes = Buffer.from('<h1>Kəsrlər</h1>');
    const sha256 = sha256Of(bytes);
    const response = await upload(bytes, 'text/html; charset=utf-8', { 'x-content-sha256': sha256 });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ sha256, size: bytes.length, mediaType: 'text/html', created: true });
    const served = await fetch(`${server.url}/api/v1/content/${sha256}`, { headers: bearer(token) });
    expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes);

    const again = await upload(bytes, 'text/html', {}, `?sha256=${sha256}`);
    expect(await again.json()).toMatchObject({ sha256, created: false });
    const audit = await server.app.store.selectFrom('audit_events').selectAll().where('action', '=', 'library.contentUpload').execute();
    expect(audit.map((a) => a.target)).toEqual([sha256, sha256]);
    expect(storedFiles()).toEqual([join(sha256.slice(0, 2), sha256)]);
  });

  it('refuses a media type the library does not take with 415 and stores nothing', async () => {
    const before = storedFiles();
    for (const type of ['application/x-msdownload', 'application/zip', 'text/html-but-not-really']) {
      const response = await upload(Buffer.from('MZ...'), type);
      expect(response.status, type).toBe(415);
      expect(await errorCode(response)).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect(storedFiles()).toEqual(before);
  });

  it('refuses a declared length over the limit with 413 before reading the body', async () => {
    const before = storedFiles();
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.url}/api/v1/admin/content`, {
        method: 'POST',
        headers: { ...bearer(token), 'content-type': 'video/mp4', 'content-length': String(5 * 1024 ** 3) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.write(Buffer.alloc(1024));
    });
    expect(status).toBe(413);
    expect(storedFiles()).toEqual(before);
  });

  it('cuts off a streamed body that grows past its type\'s limit with 413 and removes the temp file', async () => {
    const before = storedFiles();
    const chunk = new Uint8Array(1024 * 1024).fill(97);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 17 MiB of text/plain, whose limit is 16 MiB; no Content-Length, so the server must count.
        if (sent === 17) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const response = await upload(body, 'text/plain');
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe('PAYLOAD_TOO_LARGE');
    expect(storedFiles()).toEqual(before);
  });

  it('removes the temp file when the client goes away mid-upload', async () => {
    const before = storedFiles();
    const req = httpRequest(`${server.url}/api/v1/admin/content`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'text/plain', 'content-length': String(10 * 1024 * 1024) },
    });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(1024 * 1024, 0x62));
    // Until the server holds a temp file for it, then hang up.
    for (let i = 0; i < 100 && storedFiles().length === before.length; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(storedFiles().some((f) => f.startsWith('.incoming'))).toBe(true);
    req.destroy();
    for (let i = 0; i < 100 && storedFiles().length !== before.length; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(storedFiles()).toEqual(before);
  });

  it('refuses bytes that do not match the declared sha256 with 400 and stores nothing', async () => {
    const before = storedFiles();
    const bytes = Buffer.from('düzgün olmayan');
    const wrong = sha256Of('something else');
    const byHeader = await upload(bytes, 'text/plain', { 'x-content-sha256': wrong });
    expect([byHeader.status, await errorCode(byHeader)]).toEqual([400, 'CONTENT_HASH_MISMATCH']);
    const byQuery = await upload(bytes, 'text/plain', {}, `?sha256=${wrong}`);
    expect([byQuery.status, await errorCode(byQuery)]).toEqual([400, 'CONTENT_HASH_MISMATCH']);
    const malformed = await upload(bytes, 'text/plain', { 'x-content-sha256': 'ABC' });
    expect(malformed.status).toBe(400);
    expect(storedFiles()).toEqual(before);
    expect(server.app.content.has(sha256Of(bytes))).toBe(false);
  });
});
