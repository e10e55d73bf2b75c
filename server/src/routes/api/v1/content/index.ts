/**
 * /api/v1/content/:sha256: lesson files by hash, with Range so interrupted
 * downloads resume. The hash is the ETag and the file never changes, hence
 * `immutable`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ContentParams } from '@sinif/shared';
import { notFound } from '../../../../http/api-error.ts';

const content: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/:sha256',
    { schema: { params: ContentParams }, config: { action: 'content.read' } },
    async (request, reply) => {
      const { sha256 } = request.params;
      if (!app.content.has(sha256)) throw notFound(`No content with sha256 ${sha256}.`);
      const etag = `"${sha256}"`;
      const described = await app.store
        .selectFrom('lesson_resources')
        .select('media_type')
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      reply
        .header('etag', etag)
        .header('cache-control', 'private, max-age=31536000, immutable')
        .header('content-type', described?.media_type ?? 'application/octet-stream')
        .header('x-content-type-options', 'nosniff');
      const ifNoneMatch = request.headers['if-none-match'];
      if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
        return reply.code(304).send();
      }
      // @fastify/send only trusts If-Range against its own (weak) ETag; ours names
      // the bytes themselves, so a match means the range is still valid.
      if (request.headers['if-range'] === etag) delete request.headers['if-range'];
      return reply.sendFile(app.content.relativePath(sha256), app.content.root, {
        etag: false,
        lastModified: false,
        cacheControl: false,
        contentType: false,
        acceptRanges: true,
        dotfiles: 'deny',
      });
    },
  );
};

export default content;
