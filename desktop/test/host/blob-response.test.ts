import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LESSON_CONTENT_SECURITY_POLICY, blobResponse } from '../../src/host/blob-response.ts';
import { tempDirs } from '../support/temp-dir.ts';

const dirs = tempDirs();
const bytes = Buffer.from('0123456789abcdefghij');
let file: { path: string; size: number };

beforeAll(async () => {
  const path = join(await dirs.make(), 'blob');
  await writeFile(path, bytes);
  file = { path, size: bytes.length };
});
afterAll(() => dirs.cleanup());

async function body(response: Response): Promise<string> {
  return Buffer.from(await response.arrayBuffer()).toString();
}

describe('blobResponse', () => {
  it('serves the whole file with the sandbox CSP, nosniff, Accept-Ranges and the media type', async () => {
    const response = blobResponse(file, undefined, 'text/html; charset=utf-8');
    expect(response.status).toBe(200);
    expect(await body(response)).toBe(bytes.toString());
    expect(response.headers.get('content-security-policy')).toBe(LESSON_CONTENT_SECURITY_POLICY);
    expect(LESSON_CONTENT_SECURITY_POLICY.startsWith('sandbox;')).toBe(true);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-length')).toBe('20');
  });

  it('defaults to application/octet-stream without a media type', () => {
    expect(blobResponse(file, undefined).headers.get('content-type')).toBe('application/octet-stream');
  });

  it.each([
    ['bytes=0-4', '01234', 'bytes 0-4/20'],
    ['bytes=10-', 'abcdefghij', 'bytes 10-19/20'],
    ['bytes=-3', 'hij', 'bytes 17-19/20'],
    ['bytes=15-99', 'fghij', 'bytes 15-19/20'],
    ['bytes=-50', bytes.toString(), 'bytes 0-19/20'],
  ])('answers %s with 206, the slice and Content-Range', async (range, expected, contentRange) => {
    const response = blobResponse(file, range);
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(contentRange);
    expect(response.headers.get('content-length')).toBe(String(expected.length));
    expect(await body(response)).toBe(expected);
  });

  it.each(['bytes=20-', 'bytes=99-100', 'bytes=-0'])('answers unsatisfiable %s with 416 and bytes */size', (range) => {
    const response = blobResponse(file, range);
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */20');
  });

  it.each(['bytes=0-1,5-6', 'items=0-1', 'bytes=5-2', 'bytes=-'])('ignores multi-range or malformed %s and serves 200', async (range) => {
    const response = blobResponse(file, range);
    expect(response.status).toBe(200);
    expect(await body(response)).toBe(bytes.toString());
  });
});
