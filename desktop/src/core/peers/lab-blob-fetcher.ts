/**
 * Fetches one blob the lab way: from a classmate that holds it verified,
 * else from the server under the lab's lease (asking again renews it), else
 * it waits for the classmate holding the lease. Every byte is verified by the
 * blob store; a classmate that sent wrong bytes is reported and avoided for
 * the rest of this run. When the server has no lab-peer routes, or the blob
 * is small, it goes straight to the server as before.
 */
import { HostErrorCode, PEER_BLOB_PATH, PEER_PROOF_HEADER, type BlobReportRequest, type BlobSource, type LabPeer } from '@sinif/shared';
import { HostFailure } from '../../host/host-failure.ts';
import type { BlobStore, WantedBlob } from '../blobs/blob-store.ts';
import { removeQuietly } from '../blobs/blob-files.ts';
import type { ServerAuth, ServerClient } from '../server-client.ts';
import type { LabDirectory } from './lab-directory.ts';
import { peerProof } from './peer-proof.ts';

/** Below this, coordinating costs more than the uplink bytes it saves. */
export const DEFAULT_MIN_PEER_BLOB_BYTES = 256 * 1024;
/** A classmate that does not answer within this is skipped (dead PC, firewall). */
const PEER_CONNECT_TIMEOUT_MS = 3_000;
const MAX_WAIT_STEP_MS = 2_000;

type PeerOutcome = 'ok' | 'mismatch' | 'absent' | 'forbidden' | 'unreachable';

export interface LabBlobFetcherOptions {
  client: ServerClient;
  blobs: BlobStore;
  directory: LabDirectory;
  minPeerBlobBytes?: number;
  logError: (message: string, error: unknown) => void;
}

/** Waits `ms`; rejects with the signal's reason as soon as it aborts. */
function sleep(ms: number, stop: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(stop!.reason as unknown);
    };
    const timer = setTimeout(() => {
      stop?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    stop?.addEventListener('abort', onAbort, { once: true });
  });
}

function peerUrl(address: string, port: number, sha256: string): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${port}${PEER_BLOB_PATH}${sha256}`;
}

export class LabBlobFetcher {
  readonly #options: LabBlobFetcherOptions;
  readonly #minPeerBlobBytes: number;
  /** Classmates that served wrong bytes: never asked again while this core runs. */
  readonly #badPeers = new Set<string>();
  /** False once the server answered that it has no lab-peer routes. */
  #serverCoordinates = true;
  /** Per-source byte counts of this run (figures for tests and benches). */
  readonly stats = { fromServer: 0, fromPeers: 0, peerMismatches: 0 };

  constructor(options: LabBlobFetcherOptions) {
    this.#options = options;
    this.#minPeerBlobBytes = options.minPeerBlobBytes ?? DEFAULT_MIN_PEER_BLOB_BYTES;
  }

  isBadPeer(deviceId: string): boolean {
    return this.#badPeers.has(deviceId);
  }

  /** `stop` (the core closing) ends it promptly with its reason, waiting for a classmate's lease included. */
  async fetch(auth: ServerAuth, wanted: WantedBlob, onBytes: (n: number) => void, stop?: AbortSignal): Promise<void> {
    if (!this.#serverCoordinates || wanted.size < this.#minPeerBlobBytes) return this.#fromServer(auth, wanted, onBytes, null, stop);
    const avoid = new Set(this.#badPeers);
    let waitMs = 0;
    for (;;) {
      stop?.throwIfAborted();
      let source: BlobSource;
      try {
        source = await this.#options.client.blobSource(auth.serverUrl, auth.deviceToken, { sha256: wanted.sha256, avoid: [...avoid].slice(0, 64) }, stop);
      } catch (error) {
        if (!(error instanceof HostFailure && error.code === HostErrorCode.notFound)) throw error;
        this.#serverCoordinates = false; // an older server: plain downloads from now on
        return this.#fromServer(auth, wanted, onBytes, null, stop);
      }
      switch (source.source) {
        case 'server':
          return this.#fromServer(auth, wanted, onBytes, source.leaseMs, stop);
        case 'peers':
          waitMs = 0;
          if (await this.#fromPeers(auth, source.peers, wanted, onBytes, avoid, stop)) return;
          break;
        case 'wait':
          waitMs = Math.min(MAX_WAIT_STEP_MS, Math.max(source.retryAfterMs, waitMs * 2));
          await sleep(waitMs, stop);
          break;
        default: {
          const never: never = source;
          throw new Error(`unknown blob source ${JSON.stringify(never)}`);
        }
      }
    }
  }

  /** Downloads from the server; with a lease, renews it while downloading and tells the lab when done. */
  async #fromServer(
    auth: ServerAuth,
    wanted: WantedBlob,
    onBytes: (n: number) => void,
    leaseMs: number | null,
    stop: AbortSignal | undefined,
  ): Promise<void> {
    const { client, blobs } = this.#options;
    const renew =
      leaseMs === null
        ? null
        : setInterval(() => {
            client.blobSource(auth.serverUrl, auth.deviceToken, { sha256: wanted.sha256 }).catch(() => {});
          }, Math.max(250, leaseMs / 3));
    let bytes = 0;
    try {
      await blobs.download(
        client,
        auth,
        wanted,
        (n) => {
          bytes += n;
          onBytes(n);
        },
        stop,
      );
      this.stats.fromServer += bytes;
    } catch (error) {
      if (leaseMs !== null) {
        const mismatch = error instanceof HostFailure && error.code === HostErrorCode.contentVerificationFailed;
        void this.#report(auth, { sha256: wanted.sha256, outcome: mismatch ? 'mismatch' : 'released' });
      }
      throw error;
    } finally {
      if (renew) clearInterval(renew);
    }
    // Only coordinated blobs are announced: small ones are never asked of classmates.
    if (leaseMs !== null) await this.#report(auth, { sha256: wanted.sha256, outcome: 'have' });
  }

  /** Tries each offered classmate; true once one of them delivered verified bytes. */
  async #fromPeers(
    auth: ServerAuth,
    peers: readonly LabPeer[],
    wanted: WantedBlob,
    onBytes: (n: number) => void,
    avoid: Set<string>,
    stop: AbortSignal | undefined,
  ): Promise<boolean> {
    let refreshed = false;
    for (const peer of peers) {
      if (avoid.has(peer.deviceId)) continue;
      let outcome = await this.#fromPeer(peer, wanted, onBytes, stop);
      // Our copy of the lab secret may be older than the classmate's: learn the new one, try once more.
      if (outcome === 'forbidden' && !refreshed) {
        refreshed = true;
        if (await this.#options.directory.refreshNow()) outcome = await this.#fromPeer(peer, wanted, onBytes, stop);
      }
      switch (outcome) {
        case 'ok':
          await this.#report(auth, { sha256: wanted.sha256, outcome: 'have' });
          return true;
        case 'mismatch':
          this.#badPeers.add(peer.deviceId);
          this.stats.peerMismatches += 1;
          void this.#report(auth, { sha256: wanted.sha256, outcome: 'mismatch', peerDeviceId: peer.deviceId });
          break;
        case 'absent':
          void this.#report(auth, { sha256: wanted.sha256, outcome: 'absent', peerDeviceId: peer.deviceId });
          break;
        case 'forbidden':
        case 'unreachable':
          break;
        default: {
          const never: never = outcome;
          throw new Error(`unknown peer outcome ${String(never)}`);
        }
      }
      avoid.add(peer.deviceId);
    }
    return false;
  }

  async #fromPeer(peer: LabPeer, wanted: WantedBlob, onBytes: (n: number) => void, stop: AbortSignal | undefined): Promise<PeerOutcome> {
    const lab = await this.#options.directory.current();
    if (!lab) return 'unreachable';
    const { blobs } = this.#options;
    for (const address of peer.addresses) {
      let bytes = 0;
      try {
        await blobs.downloadFrom(
          (_fromByte, signal) => this.#openPeer(peerUrl(address, peer.port, wanted.sha256), peerProof(lab.secret, lab.deviceId, wanted.sha256), signal),
          wanted,
          (n) => {
            bytes += n;
            onBytes(n);
          },
          { resume: false, stop },
        );
        this.stats.fromPeers += bytes;
        return 'ok';
      } catch (error) {
        // Progress of a failed attempt is taken back; its part file is never resumed from another source.
        if (bytes > 0) onBytes(-bytes);
        await removeQuietly(blobs.partPathOf(wanted.sha256));
        // Stopped, not the classmate's fault: try no other address or classmate.
        if (stop?.aborted) throw stop.reason;
        if (!(error instanceof HostFailure)) throw error;
        if (error.code === HostErrorCode.contentVerificationFailed) return 'mismatch';
        if (error.code === HostErrorCode.notFound) return 'absent';
        if (error.code === HostErrorCode.forbidden) return 'forbidden';
        if (error.code !== HostErrorCode.serverUnreachable) throw error; // disk full, quota: not the peer's fault
      }
    }
    return 'unreachable';
  }

  async #openPeer(url: string, proof: string, signal: AbortSignal): Promise<Response> {
    const connect = new AbortController();
    const timer = setTimeout(() => connect.abort(new DOMException('peer did not answer', 'TimeoutError')), PEER_CONNECT_TIMEOUT_MS);
    let res: Response;
    try {
      res = await fetch(url, { headers: { [PEER_PROOF_HEADER]: proof }, signal: AbortSignal.any([signal, connect.signal]), redirect: 'error' });
    } catch (error) {
      throw new HostFailure(HostErrorCode.serverUnreachable, 'The classmate PC did not answer.', { cause: error });
    } finally {
      clearTimeout(timer);
    }
    if (res.status === 200) return res;
    await res.body?.cancel();
    if (res.status === 404) throw new HostFailure(HostErrorCode.notFound, 'The classmate PC does not hold this file.');
    if (res.status === 403) throw new HostFailure(HostErrorCode.forbidden, 'The classmate PC refused this PC.');
    throw new HostFailure(HostErrorCode.serverUnreachable, `The classmate PC answered ${res.status}.`);
  }

  async #report(auth: ServerAuth, report: BlobReportRequest): Promise<void> {
    if (!this.#serverCoordinates) return;
    // Best effort: a lost report only means a classmate fetches from the server.
    await this.#options.client.reportBlob(auth.serverUrl, auth.deviceToken, report).catch((error: unknown) => {
      if (!(error instanceof HostFailure)) this.#options.logError('blob report failed', error);
    });
  }
}
