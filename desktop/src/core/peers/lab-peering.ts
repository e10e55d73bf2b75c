/**
 * Lab-local sharing for one DesktopCore: the peer server classmates fetch
 * from, the announcement of where it listens (at start, after enrolment and
 * every minute, so the server lists it as online), and the fetcher the
 * library sync downloads through.
 */
import { networkInterfaces } from 'node:os';
import { HostFailure } from '../../host/host-failure.ts';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { Enrolment } from '../cache/enrolment-store.ts';
import type { ServerClient } from '../server-client.ts';
import { LabBlobFetcher } from './lab-blob-fetcher.ts';
import { LabDirectory } from './lab-directory.ts';
import { PeerBlobServer } from './peer-blob-server.ts';

export const PEER_ANNOUNCE_INTERVAL_MS = 60_000;

export interface LabPeerOptions {
  /** Interface the peer server binds (the app passes '0.0.0.0'; tests '127.0.0.1'). Default 127.0.0.1. */
  host?: string;
  /** 0 (default): any free port; the server learns it from the announcement. */
  port?: number;
  /** Addresses classmates should use; default: `host` when specific, else this PC's LAN IPv4 addresses. */
  advertise?: string[];
  /** Smaller blobs always come from the server (default 256 KiB). */
  minPeerBlobBytes?: number;
  announceIntervalMs?: number;
  /** How old the cached lab secret may be when checking a classmate (default 60 s: revocation takes effect within it). */
  directoryMaxAgeMs?: number;
}

function lanAddresses(host: string): string[] {
  if (host !== '0.0.0.0' && host !== '::' && host !== '') return [host];
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((nic) => nic.family === 'IPv4' && !nic.internal)
    .map((nic) => nic.address)
    .slice(0, 8);
}

export class LabPeering {
  readonly server: PeerBlobServer;
  readonly fetcher: LabBlobFetcher;
  readonly directory: LabDirectory;
  readonly #client: ServerClient;
  readonly #enrolment: () => Promise<Enrolment | null>;
  readonly #advertise: string[];
  readonly #logError: (message: string, error: unknown) => void;
  readonly #timer: NodeJS.Timeout;
  #announcing: Promise<void> = Promise.resolve();

  private constructor(
    parts: { client: ServerClient; enrolment: () => Promise<Enrolment | null>; logError: (message: string, error: unknown) => void },
    server: PeerBlobServer,
    directory: LabDirectory,
    fetcher: LabBlobFetcher,
    options: LabPeerOptions,
  ) {
    this.#client = parts.client;
    this.#enrolment = parts.enrolment;
    this.#logError = parts.logError;
    this.server = server;
    this.directory = directory;
    this.fetcher = fetcher;
    this.#advertise = options.advertise ?? lanAddresses(options.host ?? '127.0.0.1');
    this.#timer = setInterval(() => void this.announceSoon(), options.announceIntervalMs ?? PEER_ANNOUNCE_INTERVAL_MS);
    this.#timer.unref();
  }

  static async start(
    parts: { client: ServerClient; blobs: BlobStore; enrolment: () => Promise<Enrolment | null>; logError: (message: string, error: unknown) => void },
    options: LabPeerOptions,
  ): Promise<LabPeering> {
    const directory = new LabDirectory({ client: parts.client, enrolment: parts.enrolment, maxAgeMs: options.directoryMaxAgeMs });
    const server = await PeerBlobServer.start({
      blobs: parts.blobs,
      directory,
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      logError: parts.logError,
    });
    const fetcher = new LabBlobFetcher({
      client: parts.client,
      blobs: parts.blobs,
      directory,
      minPeerBlobBytes: options.minPeerBlobBytes,
      logError: parts.logError,
    });
    const peering = new LabPeering(parts, server, directory, fetcher, options);
    void peering.announceSoon();
    return peering;
  }

  /** Tells the server where this PC's peer server listens (after any announcement in flight); never rejects. */
  announceSoon(): Promise<void> {
    this.#announcing = this.#announcing.then(() => this.#announce());
    return this.#announcing;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#announcing;
    await this.server.close();
  }

  async #announce(): Promise<void> {
    try {
      const enrolment = await this.#enrolment();
      if (!enrolment) return;
      const body = { port: this.server.port, addresses: this.#advertise };
      await this.#client.announcePeerEndpoint(enrolment.serverUrl, enrolment.deviceToken, body, AbortSignal.timeout(10_000));
    } catch (error) {
      // Offline, or a server without lab peers: classmates simply do not list this PC.
      if (!(error instanceof HostFailure)) this.#logError('peer announcement failed', error);
    }
  }
}
