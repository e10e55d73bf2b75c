import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LIBRARY_DIR } from '../../src/seed/demo-seed.ts';
import { bearer, signIn, startTempServer, type TempServer } from '../support/temp-server.ts';

let server: TempServer;
let token: string;
const page = readFileSync(join(DEMO_LIBRARY_DIR, 'lessons', 'az-sekil-cekmek.html'));
const sha = createHash('sha256').update(page).digest('hex');

beforeAll(async () => {
  server = await startTempServer();
  token = await signIn(server, 'student1');
});
afterAll(async () => {
  await server.dispose();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/v1/content/${path}`, { headers: { ...bearer(token), ...headers } });
const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

describe('content by sha256', () => {
  it('serves the whole blob with the sha as ETag, immutable caching and the catalog media type', async () => {
    const response = await get(sha);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(page);
    expect(response.headers.get('etag')).toBe(`"${sha}"`);
    expect(response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
  });

  it('serves a byte range with 206 and Content-Range', async () => {
    const response = await get(sha, { range: 'bytes=10-19' });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 10-19/${page.length}`);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(page.subarray(10, 20));
    const resumed = await get(sha, { range: `bytes=${page.length - 5}-`, 'if-range': `"${sha}"` });
    expect(resumed.status).toBe(206);
    expect(Buffer.from(await resumed.arrayBuffer())).toEqual(page.subarray(page.length - 5));
  });

  it('answers an unsatisfiable range with 416 RANGE_NOT_SATISFIABLE', async () => {
    const response = await get(sha, { range: `bytes=${page.length + 10}-` });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${page.length}`);
    expect(await errorCode(response)).toBe('RANGE_NOT_SATISFIABLE');
  });

  it('answers 304 when the client already holds it', async () => {
    const response = await get(sha, { 'if-none-match': `"${sha}"` });
    expect(response.status).toBe(304);
  });

  it('answers 404 NOT_FOUND for an unknown sha and 400 for a malformed one', async () => {
    const unknown = await get('0'.repeat(64));
    expect(unknown.status).toBe(404);
    expect(await errorCode(unknown)).toBe('NOT_FOUND');
    const malformed = await get('../sinif.db');
    expect(malformed.status).toBeGreaterThanOrEqual(400);
    expect(malformed.status).toBeLessThan(500);
    expect((await get('ABC')).status).toBe(400);
  });

  it('refuses a request without a session', async () => {
    const response = await fetch(`${server.url}/api/v1/content/${sha}`);
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('UNAUTHENTICATED');
  });
});
