/**
 * The renderer's only way out: the host contract. In Electron the preload
 * gives us `window.sinif`; in a plain browser (remote students, the test host)
 * we talk to the same contract over same-origin HTTP at /host/invoke.
 */
import type { HostApi, HostArgs, HostMethod, HostResponse, HostResult } from '@sinif/shared';

/** Codes the renderer itself produces when the host cannot be asked at all. */
export const RendererErrorCode = {
  hostUnreachable: 'HOST_UNREACHABLE',
  badHostResponse: 'BAD_HOST_RESPONSE',
} as const;

/** A host call that came back `{ ok: false }` (or never came back). */
export class HostCallError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'HostCallError';
    this.code = code;
  }
}

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    sinif?: HostApi;
  }
}

function isHostResponse(value: unknown): value is HostResponse {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const ok = (value as { ok: unknown }).ok;
  if (ok === true) return 'value' in value;
  if (ok !== false || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

/** Host over the loopback bridge: POST { method, args } → HostResponse JSON. */
export function createHttpHost(endpoint = '/host/invoke'): HostApi {
  return {
    async invoke<M extends HostMethod>(method: M, args: HostArgs<M>): Promise<HostResult<M>> {
      let body: unknown;
      try {
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ method, args }),
        });
        body = await response.json();
      } catch (cause) {
        throw new HostCallError(RendererErrorCode.hostUnreachable, `host bridge did not answer ${method}: ${String(cause)}`);
      }
      if (!isHostResponse(body)) {
        throw new HostCallError(RendererErrorCode.badHostResponse, `host bridge sent a malformed answer to ${method}`);
      }
      if (!body.ok) throw new HostCallError(body.error.code, body.error.message);
      return body.value as HostResult<M>;
    },
  };
}

/**
 * The preload already unwraps envelopes, but errors thrown across
 * contextBridge lose their class and own properties beyond `message`, so the
 * preload encodes the code in the message ("[CODE] text") and we rebuild it here.
 */
export function createPreloadHost(bridge: HostApi): HostApi {
  return {
    async invoke<M extends HostMethod>(method: M, args: HostArgs<M>): Promise<HostResult<M>> {
      try {
        return await bridge.invoke(method, args);
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        const match = /\[([A-Z][A-Z_]*)\] ([\s\S]*)$/.exec(text);
        if (match?.[1] && match[2] !== undefined) throw new HostCallError(match[1], match[2]);
        throw new HostCallError(RendererErrorCode.hostUnreachable, text);
      }
    },
  };
}

export const host: HostApi = window.sinif ? createPreloadHost(window.sinif) : createHttpHost();
