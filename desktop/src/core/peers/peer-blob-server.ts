/**
 * This PC's peer server: `GET /peer/blob/:sha256` (with Range) for classmates
 * of its lab. It serves only blobs the cache holds verified (a row in `blobs`
 * and an untouched file, see BlobStore.verifiedBlob), and only to requests
 * carrying a valid lab peer proof; everything else is 403/404.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { PEER_BLOB_PATH, PEER_PROOF_HEADER } from '@sinif/shared';
import { blobResponse } from '../../host/blob-response.ts';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { LabDirectory } from './lab-directory.ts';
import { checkPeerProof } from './peer-proof.ts';

const BLOB_PATH = new RegExp(`^${PEER_BLOB_PATH}([0-9a-f]{64})$`);

export interface PeerBlobServerOptions {
  blobs: BlobStore;
  directory: LabDirectory;
  host: string;
  port: number;
  logError: (message: string, error: unknown) => void;
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ error: { code, message } }));
}

export class PeerBlobServer {
  readonly #options: PeerBlobServerOptions;
  readonly #server: Server;
  /** Body bytes handed to classmates (for figures; not persisted). */
  servedBytes = 0;
  refusedRequests = 0;

  private constructor(options: PeerBlobServerOptions) {
    this.#options = options;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        this.#options.logError('peer blob request failed', error);
        if (!res.headersSent) refuse(res, 500, 'INTERNAL', 'The peer could not serve this file.');
        else res.destroy();
      });
    });
    // Classmates on a LAN: short keep-alive, and no request may hang on forever.
    this.#server.keepAliveTimeout = 5_000;
    this.#server.requestTimeout = 60_000;
  }

  static async start(options: PeerBlobServerOptions): Promise<PeerBlobServer> {
    const peer = new PeerBlobServer(options);
    await new Promise<void>((resolve, reject) => {
      peer.#server.once('error', reject);
      peer.#server.listen(options.port, options.host, () => {
        peer.#server.off('error', reject);
        resolve();
      });
    });
    return peer;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sha256 = BLOB_PATH.exec(req.url ?? '')?.[1];
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'METHOD_NOT_ALLOWED', 'Only GET.');
    if (!sha256) return refuse(res, 404, 'NOT_FOUND', 'No such path.');
    if (!(await this.#admits(req.headers[PEER_PROOF_HEADER], sha256))) {
      this.refusedRequests += 1;
      return refuse(res, 403, 'FORBIDDEN', 'Only enrolled PCs of this lab may fetch from this PC.');
    }
    const { blobs } = this.#options;
    // Held while streaming: the quota must not evict (delete) a file a classmate is reading.
    const release = blobs.quota.hold([sha256]);
    try {
      const blob = await blobs.verifiedBlob(sha256);
      if (!blob) return refuse(res, 404, 'NOT_FOUND', 'This PC does not hold that file verified.');
      const range = typeof req.headers.range === 'string' ? req.headers.range : undefined;
      const response = blobResponse(blob, range);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (req.method === 'HEAD' || !response.body) {
        await response.body?.cancel();
        res.end();
        return;
      }
      const body = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
      body.on('data', (chunk: Buffer) => {
        this.servedBytes += chunk.byteLength;
      });
      // A classmate that goes away mid-file is normal: not an error worth logging.
      await pipeline(body, res).catch(() => {});
    } finally {
      release();
    }
  }

  async #admits(header: string | string[] | undefined, sha256: string): Promise<boolean> {
    if (typeof header !== 'string') return false;
    const { directory } = this.#options;
    const lab = await directory.current();
    if (!lab) return false;
    const check = checkPeerProof(header, sha256, lab.secret);
    if (check.ok) return true;
    // A proof made with a secret newer than ours (the lab changed): learn it and look again.
    if (check.reason !== 'bad-signature' || !(await directory.refreshNow())) return false;
    const again = await directory.current();
    return again !== null && checkPeerProof(header, sha256, again.secret).ok;
  }
}
