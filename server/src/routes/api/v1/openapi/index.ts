/** GET /api/v1/openapi.json: the API described from the same shared schemas the routes validate with. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const openapi: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
};

export default openapi;
