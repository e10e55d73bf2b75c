/**
 * POST /api/v1/admin/content: one file as the raw body, its Content-Type the
 * file's media type. Streamed through the hash into the content store: 415
 * for a media type the library does not take, 413 past that type's size
 * limit, 400 CONTENT_HASH_MISMATCH when a declared sha256 (x-content-sha256
 * header or ?sha256=) does not match; in every refusal nothing is stored.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CONTENT_SHA256_HEADER, ContentUploadQuery, ErrorCode, StoredContent } from '@sinif/shared';
import { ApiError } from '../../../../../http/api-error.ts';
import { auditRequest } from '../../../../../audit/audit-log.ts';
import { essenceOf, mediaLimit } from '../../../../../content/media-policy.ts';
import { ContentHashMismatchError, ContentTooLargeError, UploadCutOffError, storeStream } from '../../../../../content/content-upload.ts';
import { acceptRawBodies, declaredLength, payloadTooLarge, rawBody, refuseBeforeBody, refuseUnreadBody } from '../../../../../content/raw-body.ts';

const SHA256_HEX = /^[0-9a-f]{64}$/;

const content: FastifyPluginAsyncTypebox = async (app) => {
  acceptRawBodies(app);

  app.post(
    '/',
    {
      schema: { querystring: ContentUploadQuery, response: { 201: StoredContent } },
      config: { action: 'library.manage' },
    },
    async (request, reply) => {
      const mediaType = request.headers['content-type'] ?? '';
      const limit = mediaLimit(mediaType);
      if (limit === undefined) {
        throw refuseBeforeBody(415, ErrorCode.unsupportedMediaType, `Media type "${essenceOf(mediaType)}" is not allowed in the library.`);
      }
      const header = request.headers[CONTENT_SHA256_HEADER];
      if (header !== undefined && (typeof header !== 'string' || !SHA256_HEX.test(header))) {
        throw new ApiError(400, ErrorCode.badRequest, `${CONTENT_SHA256_HEADER} must be 64 lower-case hex digits.`, { connection: 'close' });
      }
      const expected = request.query.sha256 ?? header;
      if (header !== undefined && request.query.sha256 !== undefined && header !== request.query.sha256) {
        throw new ApiError(400, ErrorCode.badRequest, `The ${CONTENT_SHA256_HEADER} header and ?sha256= disagree.`, { connection: 'close' });
      }
      if ((declaredLength(request) ?? 0) > limit) {
        throw refuseBeforeBody(413, ErrorCode.payloadTooLarge, `${essenceOf(mediaType)} files may be at most ${limit} bytes.`);
      }
      const body = rawBody(request);
      let stored;
      try {
        stored = await storeStream(app.content, body, { maxBytes: limit, expectedSha256: expected });
      } catch (error) {
        if (error instanceof ContentTooLargeError) throw await refuseUnreadBody(body, payloadTooLarge(`${essenceOf(mediaType)} files may be at most ${limit} bytes.`));
        if (error instanceof ContentHashMismatchError) throw new ApiError(400, ErrorCode.contentHashMismatch, error.message);
        if (error instanceof UploadCutOffError) throw new ApiError(400, ErrorCode.badRequest, error.message);
        throw error;
      }
      const result = { sha256: stored.sha256, size: stored.size, mediaType: essenceOf(mediaType), created: stored.created };
      await auditRequest(app.store, request, { action: 'library.contentUpload', schoolId: null, target: stored.sha256, detail: result });
      return reply.code(201).send(result);
    },
  );
};

export default content;
