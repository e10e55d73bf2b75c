// A loopback TCP proxy that paces what the server sends: a lesson file then
// takes seconds to arrive, long enough to watch its progress in the UI. TCP,
// not HTTP, so REST, Range requests and socket.io's WebSocket all pass as they are.
import { connect, createServer, type Socket } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

const SLICE_BYTES = 16 * 1024;

/** Passes bytes on at about `bytesPerSecond`, in slices. */
class Pace extends Transform {
  readonly #bytesPerSecond: number;

  constructor(bytesPerSecond: number) {
    super();
    this.#bytesPerSecond = bytesPerSecond;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    void (async () => {
      for (let offset = 0; offset < chunk.byteLength; offset += SLICE_BYTES) {
        const slice = chunk.subarray(offset, offset + SLICE_BYTES);
        this.push(slice);
        await sleep((slice.byteLength / this.#bytesPerSecond) * 1000);
      }
    })().then(() => done(), done);
  }
}

export interface ThrottledProxy {
  url: string;
  close(): Promise<void>;
}

export async function startThrottledProxy(targetUrl: string, bytesPerSecond: number): Promise<ThrottledProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      // Either side going away ends the pair (a reset is normal when the app stops).
      socket.on('error', () => {});
      socket.once('close', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(new Pace(bytesPerSecond)).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
