import fastifyStatic from '@fastify/static';
import { HostErrorCode, checker } from '@sinif/shared';
import Fastify, { type FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { CoreWorker } from '../core/worker/start-core-worker.ts';
import { blobResponse } from '../host/blob-response.ts';
import { RENDERER_CONTENT_SECURITY_POLICY, ownOrigins } from './bridge-security.ts';

export interface BridgeOptions {
  core: CoreWorker;
  rendererDir: string;
  host?: string;
  port?: number;
}

export interface RunningBridge {
  url: string;
  close(): Promise<void>;
}

const InvokeEnvelope = Type.Object(
  { method: Type.String({ maxLength: 100 }), args: Type.Optional(Type.Unknown()) },
  { additionalProperties: false },
);
const invokeEnvelope = checker(InvokeEnvelope);
const sha256Pattern = /^[0-9a-f]{64}$/;

function refuse(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).send({ ok: false, error: { code, message } });
}

/**
 * Serves the renderer to a plain browser and carries host calls over loopback
 * to the core worker: the same contract as Electron IPC. The Origin check is
 * the bridge's sender policy: only the bridge's own pages may call the host.
 */
export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const host = options.host ?? '127.0.0.1';
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  let own = ownOrigins(host, 0);

  // A cross-site form can post text/plain without a preflight: accept JSON only.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (request, reply) => {
    // DNS rebinding: a foreign name resolving to 127.0.0.1 must not reach the host.
    if (!own.hosts.has(request.headers.host ?? '')) return refuse(reply, 403, HostErrorCode.forbiddenSender, 'Unknown host.');
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    // Lesson blobs carry their own sandbox policy (blob-response.ts).
    if (!request.url.startsWith('/blob/')) reply.header('Content-Security-Policy', RENDERER_CONTENT_SECURITY_POLICY);
    return payload;
  });

  app.post('/host/invoke', async (request, reply) => {
    if (!own.origins.has(request.headers.origin ?? '')) {
      return refuse(reply, 403, HostErrorCode.forbiddenSender, 'Host calls are accepted only from the app itself.');
    }
    if (!invokeEnvelope.check(request.body)) {
      return refuse(reply, 400, HostErrorCode.invalidArgument, `Malformed host call: ${invokeEnvelope.problems(request.body).join('; ')}`);
    }
    const { method, args } = request.body;
    return reply.code(200).send(await options.core.invoke(method, args));
  });

  app.get<{ Params: { sha256: string } }>('/blob/:sha256', async (request, reply) => {
    const sha256 = request.params.sha256;
    const blob = sha256Pattern.test(sha256) ? await options.core.verifiedBlob(sha256) : null;
    if (!blob) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'No verified file with this checksum.' } });
    const range = request.headers.range;
    return reply.send(blobResponse(blob, typeof range === 'string' ? range : undefined, blob.mediaType));
  });

  await app.register(fastifyStatic, { root: options.rendererDir, prefix: '/', wildcard: true, index: 'index.html' });

  // Client-side routes: any other GET for a page falls back to the SPA shell.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (request.method === 'GET' && !path.startsWith('/host/') && !path.startsWith('/blob/')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'Not found.' } });
  });

  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  own = ownOrigins(host, port);
  return {
    url: `http://${host}:${port}`,
    close: () => app.close(),
  };
}
