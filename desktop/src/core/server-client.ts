import {
  BlobSource,
  CatalogChangesPage,
  LabPeers,
  DEVICE_HEADER,
  EnrolResponse,
  ErrorBody,
  ErrorCode,
  HostErrorCode,
  SignInResponse,
  checker,
  type BlobReportRequest,
  type BlobSourceRequest,
  type Checker,
  type DeviceReportRequest,
  type PeerEndpointRequest,
  type EnrolRequest,
  type SignInRequest,
} from '@sinif/shared';
import type { TSchema, Static } from 'typebox';
import { HostFailure } from '../host/host-failure.ts';
import { parseCatalogPageBody } from './catalog-page-body.ts';
import { StallTimeout } from './stall-timeout.ts';

/** Credentials of an enrolled, signed-in PC. */
export interface ServerAuth {
  serverUrl: string;
  deviceToken: string;
  token: string;
}

export interface ServerClientOptions {
  timeoutMs?: number;
  /** Reported after every request: false when it could not reach the server. */
  onReachability?: (online: boolean) => void;
  /** The server no longer accepts this PC's token or the user's session. */
  onSessionLost?: (reason: 'device-revoked' | 'session-expired') => Promise<void> | void;
}

/**
 * Catalog pages are asked gzipped once a page came slower than this: a school
 * uplink of a few Mbit/s shared by a lab is far below it, a LAN or the same
 * machine far above (a page read late because this thread was busy still
 * comes at tens of MB/s). The server's gzip makes pages ~4× smaller, but on a
 * fast link compressing and inflating them cost more than it saved.
 */
const SLOW_CATALOG_LINK_BYTES_PER_SECOND = 2_000_000;
/** Smaller pages say more about the round trip than about the link's speed. */
const CATALOG_LINK_SAMPLE_MIN_BYTES = 64 * 1024;

const errorBody = checker(ErrorBody);
const enrolResponse = checker(EnrolResponse);
const signInResponse = checker(SignInResponse);
const changesPage = checker(CatalogChangesPage);
const labPeers = checker(LabPeers);
const blobSource = checker(BlobSource);

function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // fetch rejects with TypeError for refused/reset connections, with
  // TimeoutError/AbortError DOMExceptions when a signal fires.
  return error.name === 'TypeError' || error.name === 'TimeoutError' || error.name === 'AbortError';
}

/** Talks to the school server's REST API and turns every failure into a HostFailure. */
export class ServerClient {
  readonly #timeoutMs: number;
  readonly #onReachability: (online: boolean) => void;
  readonly #onSessionLost: (reason: 'device-revoked' | 'session-expired') => Promise<void> | void;
  /** Whether the last catalog page large enough to tell came slower than SLOW_CATALOG_LINK_BYTES_PER_SECOND. */
  #catalogLinkSlow = false;

  constructor(options: ServerClientOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#onReachability = options.onReachability ?? (() => {});
    this.#onSessionLost = options.onSessionLost ?? (() => {});
  }

  async enrol(serverUrl: string, body: EnrolRequest): Promise<EnrolResponse> {
    const res = await this.#request(serverUrl, '/api/v1/devices/enrol', { method: 'POST', json: body });
    return this.#parse(res, enrolResponse);
  }

  async signIn(serverUrl: string, deviceToken: string, body: SignInRequest): Promise<SignInResponse> {
    const res = await this.#request(serverUrl, '/api/v1/auth/sign-in', { method: 'POST', json: body, deviceToken });
    return this.#parse(res, signInResponse);
  }

  /** The PC's inventory (OS, app version, free disk) under its device token alone. */
  async reportDevice(serverUrl: string, deviceToken: string, body: DeviceReportRequest, signal?: AbortSignal): Promise<void> {
    const res = await this.#request(serverUrl, '/api/v1/devices/me/report', { method: 'POST', json: body, deviceToken, signal });
    await res.body?.cancel();
  }

  /** The lab's peer secret and its PCs online (lab-local blob sharing, device token alone). */
  async labPeers(serverUrl: string, deviceToken: string, signal?: AbortSignal): Promise<LabPeers> {
    const res = await this.#request(serverUrl, '/api/v1/devices/me/lab-peers', { method: 'GET', deviceToken, signal });
    return this.#parse(res, labPeers);
  }

  async announcePeerEndpoint(serverUrl: string, deviceToken: string, body: PeerEndpointRequest, signal?: AbortSignal): Promise<void> {
    const res = await this.#request(serverUrl, '/api/v1/devices/me/lab-peers/endpoint', { method: 'PUT', json: body, deviceToken, signal });
    await res.body?.cancel();
  }

  /** `stop` (a cancelled download, the core closing) ends the question at once, not after the request timeout. */
  async blobSource(serverUrl: string, deviceToken: string, body: BlobSourceRequest, stop?: AbortSignal): Promise<BlobSource> {
    const signal = stop ? AbortSignal.any([stop, AbortSignal.timeout(this.#timeoutMs)]) : undefined;
    const res = await this.#request(serverUrl, '/api/v1/devices/me/lab-peers/blob-source', { method: 'POST', json: body, deviceToken, signal, stop });
    return this.#parse(res, blobSource);
  }

  async reportBlob(serverUrl: string, deviceToken: string, body: BlobReportRequest): Promise<void> {
    const res = await this.#request(serverUrl, '/api/v1/devices/me/lab-peers/blob-reports', { method: 'POST', json: body, deviceToken });
    await res.body?.cancel();
  }

  async signOut(auth: ServerAuth): Promise<void> {
    const res = await this.#request(auth.serverUrl, '/api/v1/auth/sign-out', { method: 'POST', auth });
    await res.body?.cancel();
  }

  /** One JSON call with the signed-in user's session (administration); the answer is checked against `check`. */
  async call<T extends TSchema>(
    auth: ServerAuth,
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    check: Checker<T>,
    json?: unknown,
  ): Promise<Static<T>> {
    const res = await this.#request(auth.serverUrl, path, { method, auth, json });
    return this.#parse(res, check);
  }

  /**
   * One page of catalog changes. Bounded by `timeoutMs` of silence, not in
   * total (stall-timeout.ts): over a shared uplink a whole page may take
   * longer than that to arrive, and a sync that timed out on every page would
   * never finish. `stop` (the sync stopped, the core closing) ends it at once
   * with its own reason: a slow page must not hold up quitting. Over a slow
   * link pages come gzipped (SLOW_CATALOG_LINK_BYTES_PER_SECOND).
   */
  async catalogChanges(auth: ServerAuth, after: string | null, limit: number, stop?: AbortSignal): Promise<CatalogChangesPage> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (after !== null) query.set('after', after);
    const stall = new StallTimeout(this.#timeoutMs);
    const signal = stop ? AbortSignal.any([stall.signal, stop]) : stall.signal;
    const headers = { 'accept-encoding': this.#catalogLinkSlow ? 'gzip' : 'identity' };
    const started = performance.now();
    try {
      const res = await this.#request(auth.serverUrl, `/api/v1/catalog/changes?${query}`, { method: 'GET', auth, headers, signal, stop });
      stall.progress();
      const body = await this.#readBody(auth.serverUrl, res, stall, stop);
      // What crossed the link: the header's length (gzipped, when it was).
      const wireBytes = Number(res.headers.get('content-length')) || body.reduce((n, chunk) => n + chunk.byteLength, 0);
      if (wireBytes >= CATALOG_LINK_SAMPLE_MIN_BYTES) {
        this.#catalogLinkSlow = wireBytes / ((performance.now() - started) / 1000) < SLOW_CATALOG_LINK_BYTES_PER_SECOND;
      }
      return this.#checked(parseCatalogPageBody(body), changesPage);
    } finally {
      stall.clear();
    }
  }

  /** The whole body's chunks, every chunk counted as progress; a body cut off or gone quiet is an unreachable server. */
  async #readBody(serverUrl: string, res: Response, stall: StallTimeout, stop: AbortSignal | undefined): Promise<Uint8Array[]> {
    const chunks: Uint8Array[] = [];
    try {
      for await (const chunk of res.body ?? []) {
        chunks.push(chunk as Uint8Array);
        stall.progress();
      }
    } catch (error) {
      if (stop?.aborted) throw stop.reason;
      if (!isNetworkFailure(error)) throw error;
      throw this.#unreachable(serverUrl, error);
    }
    return chunks;
  }

  #unreachable(where: string, cause: unknown): HostFailure {
    this.#onReachability(false);
    return new HostFailure(HostErrorCode.serverUnreachable, `The connection to the server at ${where} stopped mid-answer.`, { cause });
  }

  /**
   * Starts a content download. The caller owns `signal` (an idle timeout fits
   * large files better than a total one) and consumes the body.
   */
  async content(auth: ServerAuth, sha256: string, fromByte: number, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = fromByte > 0 ? { range: `bytes=${fromByte}-` } : {};
    return this.#request(auth.serverUrl, `/api/v1/content/${sha256}`, { method: 'GET', auth, headers, signal, allowStatus: [416] });
  }

  async #request(
    serverUrl: string,
    path: string,
    init: {
      method: 'GET' | 'POST' | 'PATCH' | 'PUT';
      json?: unknown;
      deviceToken?: string;
      auth?: ServerAuth;
      headers?: Record<string, string>;
      signal?: AbortSignal;
      /** The caller's own part of `signal`: when it fired, its reason is thrown, not "unreachable". */
      stop?: AbortSignal;
      allowStatus?: number[];
    },
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    const deviceToken = init.auth?.deviceToken ?? init.deviceToken;
    if (deviceToken) headers[DEVICE_HEADER] = deviceToken;
    if (init.auth) headers.authorization = `Bearer ${init.auth.token}`;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(new URL(path, serverUrl), {
        method: init.method,
        headers,
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
        signal: init.signal ?? AbortSignal.timeout(this.#timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      if (init.stop?.aborted) throw init.stop.reason;
      if (!isNetworkFailure(error)) throw error;
      this.#onReachability(false);
      throw new HostFailure(HostErrorCode.serverUnreachable, `Cannot reach the server at ${serverUrl}.`, { cause: error });
    }
    this.#onReachability(true);
    if (res.ok || init.allowStatus?.includes(res.status)) return res;
    throw await this.#failureOf(res);
  }

  async #failureOf(res: Response): Promise<HostFailure> {
    const body: unknown = await res.json().catch(() => null);
    const error = errorBody.check(body) ? body.error : { code: `HTTP_${res.status}`, message: res.statusText, details: undefined };
    switch (error.code) {
      case ErrorCode.forbidden:
        return new HostFailure(HostErrorCode.forbidden, error.message);
      case ErrorCode.conflict:
        return new HostFailure(HostErrorCode.conflict, error.message);
      case ErrorCode.notFound:
        return new HostFailure(HostErrorCode.notFound, error.message);
      case ErrorCode.csvInvalid:
        return new HostFailure(HostErrorCode.csvInvalid, error.message, { details: error.details });
      case ErrorCode.invalidBody:
      case ErrorCode.badRequest:
        return new HostFailure(HostErrorCode.invalidArgument, error.message);
      case ErrorCode.invalidCredentials:
        return new HostFailure(HostErrorCode.invalidCredentials, 'Wrong username or password.');
      case ErrorCode.enrolmentCodeInvalid:
        return new HostFailure(HostErrorCode.enrolmentCodeInvalid, 'The enrolment code is not valid.');
      case ErrorCode.deviceRevoked:
        await this.#onSessionLost('device-revoked');
        return new HostFailure(HostErrorCode.deviceRevoked, 'This computer is no longer enrolled with the server.');
      case ErrorCode.tooManyRequests:
        return new HostFailure(HostErrorCode.tooManyRequests, error.message);
      case ErrorCode.unauthenticated:
        await this.#onSessionLost('session-expired');
        return new HostFailure(HostErrorCode.notSignedIn, 'The session has ended. Sign in again.');
    }
    if (res.status === 429) return new HostFailure(HostErrorCode.tooManyRequests, error.message);
    if (res.status === 502 || res.status === 503 || res.status === 504) {
      return new HostFailure(HostErrorCode.serverUnreachable, `The server is unavailable (${res.status}).`);
    }
    return new HostFailure(HostErrorCode.internal, `The server refused the request (${res.status} ${error.code}).`);
  }

  async #parse<T extends TSchema>(res: Response, check: Checker<T>): Promise<Static<T>> {
    const body: unknown = await res.json().catch((error: unknown) => {
      // Not JSON: reported by the check. Anything else is the network's doing
      // (a connection lost mid-answer) or the caller's (its signal's reason).
      if (error instanceof SyntaxError) return undefined;
      if (isNetworkFailure(error)) throw this.#unreachable(res.url, error);
      throw error;
    });
    return this.#checked(body, check);
  }

  #checked<T extends TSchema>(body: unknown, check: Checker<T>): Static<T> {
    if (!check.check(body)) {
      throw new HostFailure(HostErrorCode.internal, `The server sent an unexpected response: ${check.problems(body).join('; ')}`);
    }
    return body;
  }
}
