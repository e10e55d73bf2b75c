/** /api/v1/catalog: the lesson catalog's change feed, as the caller's school sees it. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CatalogChangesPage, CatalogChangesQuery } from '@sinif/shared';
import { CATALOG_PAGE_DEFAULT, catalogChangesAfter } from '../../../../catalog/catalog-feed.ts';
import { feedSchoolOf } from '../../../../catalog/feed-school.ts';

const catalog: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/changes',
    {
      schema: { querystring: CatalogChangesQuery, response: { 200: CatalogChangesPage } },
      config: { action: 'catalog.read' },
    },
    async (request) => {
      const after = Number(request.query.after ?? '0');
      const schoolId = await feedSchoolOf(request);
      return catalogChangesAfter(app.store, schoolId, after, request.query.limit ?? CATALOG_PAGE_DEFAULT);
    },
  );
};

export default catalog;
