/** /api/v1/catalog: the lesson catalog's change feed, as the caller's school sees it. */
import { constants } from 'node:zlib';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CatalogChangesPage, CatalogChangesQuery } from '@sinif/shared';
import { CATALOG_PAGE_DEFAULT, catalogPageJson } from '../../../../catalog/catalog-feed.ts';
import { feedSchoolOf } from '../../../../catalog/feed-school.ts';

/**
 * A page of a thousand lessons is ~600 KB of JSON, and every PC of a lab asks
 * for the whole library over the school's few-Mbit/s uplink. zstd (its
 * default level) makes a page about 4.5 times smaller in ~4.5 ms of server
 * time and ~1.5 ms to decode; brotli at its fastest quality is as small and
 * as quick to make but three times slower to decode; gzip level 1 (~8 ms,
 * 4 times smaller) is for clients with neither. Measured on the bench's
 * synthetic pages, whose 64-digit hashes barely compress.
 */
const PAGE_COMPRESSION = {
  encodings: ['zstd', 'br', 'gzip'] as ('zstd' | 'br' | 'gzip')[],
  brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } },
  zlibOptions: { level: 1 },
};

const catalog: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/changes',
    {
      schema: { querystring: CatalogChangesQuery, response: { 200: CatalogChangesPage } },
      config: { action: 'catalog.read' },
      compress: PAGE_COMPRESSION,
    },
    async (request, reply) => {
      const after = Number(request.query.after ?? '0');
      const schoolId = await feedSchoolOf(request);
      const page = await catalogPageJson(app.store, schoolId, after, request.query.limit ?? CATALOG_PAGE_DEFAULT);
      // Already JSON text (see catalogPageJson): Fastify sends a string with a
      // JSON content type as it is; the typed reply only knows the object form.
      return reply.type('application/json; charset=utf-8').send(page as unknown as CatalogChangesPage);
    },
  );
};

export default catalog;
