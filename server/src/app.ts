/**
 * Builds the Fastify app, fastify/demo style: external plugins, then our own
 * (context, auth), then routes. Listening and realtime are start.ts's job.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorCode } from '@sinif/shared';
import serverContext, { type ServerContext } from './http/server-context.ts';
import authPlugin from './auth/auth-plugin.ts';
import { ApiError } from './http/api-error.ts';
import { registerErrorReplies } from './http/error-replies.ts';
import { routeTable } from './routes/index.ts';
import { serverVersion } from './version.ts';

export async function buildApp(context: ServerContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: context.config.logLevel },
    bodyLimit: context.config.bodyLimitBytes,
    // Keeps an idle keep-alive client from holding shutdown open.
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  // Only JSON bodies: a text/plain body must be refused (415), not validated as a string.
  app.removeContentTypeParser('text/plain');
  registerErrorReplies(app);
  app.decorate('realtime', undefined);

  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, limit) => {
      const seconds = Math.max(1, Math.ceil(limit.ttl / 1000));
      return new ApiError(429, ErrorCode.tooManyRequests, `Too many attempts; wait ${seconds} seconds and try again.`);
    },
  });
  await app.register(fastifyStatic, { root: context.content.root, serve: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Sinif server API', version: serverVersion },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });

  await app.register(serverContext, context);
  await app.register(authPlugin);
  for (const { prefix, plugin } of routeTable) await app.register(plugin, { prefix });

  app.addHook('preClose', async () => {
    await app.realtime?.close();
  });
  return app;
}
