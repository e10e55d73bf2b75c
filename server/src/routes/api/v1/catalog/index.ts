/** /api/v1/catalog: the lesson catalog's change feed, as the caller's school sees it. */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CatalogChangesPage, CatalogChangesQuery } from '@sinif/shared';
import { CATALOG_PAGE_DEFAULT, catalogPageJson } from '../../../../catalog/catalog-feed.ts';
import { feedSchoolOf } from '../../../../catalog/feed-school.ts';

const gzipped = promisify(gzip);
const encodings = new Negotiator({ supportedValues: ['gzip'] });

/**
 * Pages are gzipped only for a client that asks: a PC behind a school's thin
 * uplink asks (a 100k-lesson library is ~69 MB of pages per PC, ~4× less
 * gzipped), one on a fast link asks for identity, because compressing and
 * inflating every page cost more than it saved (a first sync over loopback
 * took 0.5–1.5 s longer, desktop/bench/library.bench.ts). Level 1: most of
 * the gain for a fraction of the default level's time (~3.9× vs ~4.6×).
 */
async function encodedPage(page: Buffer, acceptEncoding: string | undefined): Promise<{ body: Buffer; encoding?: 'gzip' }> {
  if (encodings.negotiate(acceptEncoding ?? '') !== 'gzip') return { body: page };
  return { body: await gzipped(page, { level: 1 }), encoding: 'gzip' };
}

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
      const { body, encoding } = await encodedPage(page, request.headers['accept-encoding']);
      reply.header('vary', 'accept-encoding');
      if (encoding) reply.header('content-encoding', encoding);
      // Already JSON bytes (see catalogPageJson): Fastify sends a Buffer as it
      // is, without the response schema's serialiser; the typed reply only
      // knows the object form.
      return reply.type('application/json; charset=utf-8').send(body as unknown as CatalogChangesPage);
    },
  );
};

export default catalog;
