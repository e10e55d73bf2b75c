/**
 * Every non-2xx reply is `{ error: { code, message } }` (shared ErrorBody).
 * Fastify's own FST_ERR_* errors are mapped to our stable codes here, so
 * clients never see Fastify internals; unexpected errors become a generic 500.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { ErrorCode, type ErrorBody } from '@sinif/shared';
import { ApiError } from './api-error.ts';

interface Mapped {
  status: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
}

function describeValidation(context: string | undefined, errors: FastifySchemaValidationError[]): string {
  const where = context ?? 'request';
  const lines = errors.slice(0, 3).map((e) => {
    const extra = (e.params as { additionalProperties?: unknown } | undefined)?.additionalProperties;
    const path = e.instancePath ? e.instancePath.slice(1).replaceAll('/', '.') : '';
    const names = Array.isArray(extra) ? ` (${extra.join(', ')})` : '';
    return `${where}${path ? `.${path}` : ''} ${e.message ?? 'is invalid'}${names}`;
  });
  return lines.join('; ');
}

function byStatus(status: number): ErrorCode {
  switch (status) {
    case 404:
      return ErrorCode.notFound;
    case 405:
      return ErrorCode.methodNotAllowed;
    case 413:
      return ErrorCode.payloadTooLarge;
    case 415:
      return ErrorCode.unsupportedMediaType;
    case 416:
      return ErrorCode.rangeNotSatisfiable;
    case 429:
      return ErrorCode.tooManyRequests;
    default:
      return ErrorCode.badRequest;
  }
}

export function mapError(error: FastifyError | ApiError | Error): Mapped {
  if (error instanceof ApiError) return { status: error.statusCode, code: error.code, message: error.message, details: error.details };
  const fe = error as FastifyError & { status?: number };
  if (fe.validation) {
    const code = fe.validationContext === 'body' ? ErrorCode.invalidBody : ErrorCode.badRequest;
    return { status: 400, code, message: describeValidation(fe.validationContext, fe.validation) };
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: ErrorCode.invalidJson, message: 'The request body is not valid JSON.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: ErrorCode.unsupportedMediaType, message: 'Send the body as application/json.' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: ErrorCode.payloadTooLarge, message: 'The request body is too large.' };
    case 'FST_ERR_NOT_FOUND':
      return { status: 404, code: ErrorCode.notFound, message: 'Not found.' };
    default:
      break;
  }
  const status = fe.statusCode ?? fe.status ?? 500;
  if (status >= 400 && status < 500) {
    // 4xx from Fastify or its plugins carry messages written for clients.
    return { status, code: byStatus(status), message: fe.message || 'Bad request.' };
  }
  return { status: 500, code: ErrorCode.internal, message: 'Something went wrong on the server; it has been logged.' };
}

export function sendError(reply: FastifyReply, status: number, code: ErrorCode, message: string, details?: unknown): FastifyReply {
  const body: ErrorBody = { error: details === undefined ? { code, message } : { code, message, details } };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

export function registerErrorReplies(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const mapped = mapError(error);
    if (mapped.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.debug({ err: error }, 'request refused');
    // e.g. Content-Range on a 416 from @fastify/send; Fastify applies these only in its default handler.
    const headers = (error as { headers?: unknown }).headers;
    if (mapped.status < 500 && headers && typeof headers === 'object') reply.headers(headers as Record<string, string>);
    sendError(reply, mapped.status, mapped.code, mapped.message, mapped.details);
  });
  app.setNotFoundHandler((request, reply) => {
    sendError(reply, 404, ErrorCode.notFound, `No route for ${request.method} ${request.url.split('?')[0]}.`);
  });
}
