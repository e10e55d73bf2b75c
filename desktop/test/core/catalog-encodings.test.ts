import { describe, expect, it } from 'vitest';
import { catalogEncodings } from '../../src/core/server-client.ts';

describe('catalog page encodings the core asks for', () => {
  it('asks for zstd only where fetch decodes it (undici 7.11, Node 24.4, and later)', () => {
    expect(catalogEncodings('6.21.3')).toBe('br, gzip');
    expect(catalogEncodings('7.10.0')).toBe('br, gzip');
    expect(catalogEncodings('7.11.0')).toBe('zstd, br, gzip');
    expect(catalogEncodings('8.0.0')).toBe('zstd, br, gzip');
    expect(catalogEncodings('garbage')).toBe('br, gzip');
  });

  it('this runtime decodes what it asks for', async () => {
    // The core's own fetch, on a page the server sends in the first encoding asked for.
    const { createServer } = await import('node:http');
    const zlib = await import('node:zlib');
    const page = { changes: [], cursor: '0', hasMore: false };
    const encoders: Record<string, (b: Buffer) => Buffer> = { zstd: zlib.zstdCompressSync, br: zlib.brotliCompressSync, gzip: zlib.gzipSync };
    const encoding = catalogEncodings().split(', ')[0]!;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
      res.end(encoders[encoding]!(Buffer.from(JSON.stringify(page))));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'accept-encoding': catalogEncodings() } });
      expect(await res.json()).toEqual(page);
    } finally {
      server.close();
    }
  });
});
