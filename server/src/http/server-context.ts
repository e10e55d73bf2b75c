/**
 * The app's own parts, decorated onto the Fastify instance so routes reach
 * them as `app.store`, `app.content`... (fastify/demo's "app plugins").
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type { ServerConfig } from '../config.ts';
import type { StoreDb } from '../db/store.ts';
import type { ContentStore } from '../content/content-store.ts';
import type { MediaPlaneStatus } from '../media/media-plane.ts';

export interface ServerContext {
  config: ServerConfig;
  store: StoreDb;
  content: ContentStore;
  media: MediaPlaneStatus;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: ServerConfig;
    store: StoreDb;
    content: ContentStore;
    media: MediaPlaneStatus;
  }
}

const serverContext: FastifyPluginAsync<ServerContext> = async (app, context) => {
  app.decorate('config', context.config);
  app.decorate('store', context.store);
  app.decorate('content', context.content);
  app.decorate('media', context.media);
};

export default fp(serverContext, { name: 'sinif-server-context', fastify: '5.x' });
