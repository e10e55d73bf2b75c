/** /api/v1/catalog: the lesson catalog's change feed. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CatalogChangesPage, CatalogChangesQuery } from '@sinif/shared';
import { CATALOG_PAGE_DEFAULT, catalogChangesAfter } from '../../../../catalog/catalog-feed.ts';

const catalog: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/changes',
    {
      schema: { querystring: CatalogChangesQuery, response: { 200: CatalogChangesPage } },
      config: { action: 'catalog.read' },
    },
    async (request) => {
      const after = Number(request.query.after ?? '0');
      return catalogChangesAfter(app.store, after, request.query.limit ?? CATALOG_PAGE_DEFAULT);
    },
  );
};

export default catalog;
