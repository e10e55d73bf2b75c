import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A tiny content server for blob-store edge cases the real server never
 * produces (wrong bytes). It speaks the content route of the REST contract
 * and records the Range header of every request.
 */
export async function startContentFixture(files: Map<string, Uint8Array>): Promise<{
  url: string;
  ranges: (string | undefined)[];
  close(): Promise<void>;
}> {
  const ranges: (string | undefined)[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const sha = /^\/api\/v1\/content\/([0-9a-f]{64})$/.exec(req.url ?? '')?.[1];
    const bytes = sha ? files.get(sha) : undefined;
    ranges.push(req.headers.range);
    if (!bytes) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no' } }));
      return;
    }
    const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    if (start > 0) {
      res.writeHead(206, { 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` }).end(bytes.subarray(start));
      return;
    }
    res.writeHead(200).end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ranges,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
