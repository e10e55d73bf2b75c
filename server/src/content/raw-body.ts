/**
 * Routes that take a file as the raw request body (uploads, packages). Their
 * plugin registers a content-type parser that hands the stream through
 * untouched, so the handler reads it through the hash instead of Fastify
 * buffering it whole (Fastify applies bodyLimit only to bodies it buffers).
 */
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode } from '@sinif/shared';
import { ApiError } from '../http/api-error.ts';

/** Within the calling plugin only (encapsulation): every media type reaches the handler as a stream. */
export function acceptRawBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
}

export function rawBody(request: FastifyRequest): Readable {
  return (request.body as Readable | undefined) ?? request.raw;
}

/** A client that keeps sending after a refusal is cut off here, not read to the end. */
const DRAIN_CAP_BYTES = 8 * 1024 * 1024;

/**
 * A refusal while the body is still arriving. Up to a few MiB of the rest is
 * read and dropped so an ordinary client sees the answer instead of a reset;
 * beyond that the connection is closed after the answer.
 */
export async function refuseUnreadBody(body: Readable, error: ApiError): Promise<ApiError> {
  let drained = 0;
  const finished = await new Promise<boolean>((resolve) => {
    if (body.readableEnded) return resolve(true);
    const onData = (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > DRAIN_CAP_BYTES) {
        cleanup();
        body.pause();
        resolve(false);
      }
    };
    const onEnd = () => {
      cleanup();
      resolve(true);
    };
    const cleanup = () => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onEnd);
      body.off('close', onEnd);
    };
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onEnd);
    body.on('close', onEnd);
    body.resume();
  });
  return finished ? error : new ApiError(error.statusCode, error.code, error.message, { ...error.headers, connection: 'close' }, error.details);
}

/** Refusal before reading anything: answer and close, leaving the body unread. */
export function refuseBeforeBody(status: 413 | 415 | 404, code: ErrorCode, message: string): ApiError {
  return new ApiError(status, code, message, { connection: 'close' });
}

export const payloadTooLarge = (message: string): ApiError => new ApiError(413, ErrorCode.payloadTooLarge, message);

export function declaredLength(request: FastifyRequest): number | undefined {
  const header = request.headers['content-length'];
  const value = header === undefined ? Number.NaN : Number(header);
  return Number.isFinite(value) ? value : undefined;
}
