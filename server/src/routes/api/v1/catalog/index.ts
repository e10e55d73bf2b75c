/** /api/v1/catalog: the lesson catalog's change feed, as the caller's school sees it. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CatalogChangesPage, CatalogChangesQuery } from '@sinif/shared';
import { CATALOG_PAGE_DEFAULT, catalogPageJson } from '../../../../catalog/catalog-feed.ts';
import { feedSchoolOf } from '../../../../catalog/feed-school.ts';

const catalog: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/changes',
    {
      schema: { querystring: CatalogChangesQuery, response: { 200: CatalogChangesPage } },
      config: { action: 'catalog.read' },
    },
    async (request, reply) => {
      const after = Number(request.query.after ?? '0');
      const schoolId = await feedSchoolOf(request);
      const page = await catalogPageJson(app.store, schoolId, after, request.query.limit ?? CATALOG_PAGE_DEFAULT);
      // Already JSON bytes (see catalogPageJson): Fastify sends a Buffer as it
      // is, without the response schema's serialiser; the typed reply only
      // knows the object form.
      return reply.type('application/json; charset=utf-8').send(page as unknown as CatalogChangesPage);
    },
  );
};

export default catalog;
