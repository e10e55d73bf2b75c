/**
 * Every route plugin and its URL prefix (the folder it lives in). To add
 * routes: make `routes/<prefix>/index.ts` exporting a plugin, list it here.
 */
import type { FastifyPluginAsync } from 'fastify';
import health from './health/index.ts';
import devices from './api/v1/devices/index.ts';
import auth from './api/v1/auth/index.ts';
import catalog from './api/v1/catalog/index.ts';
import content from './api/v1/content/index.ts';
import me from './api/v1/me/index.ts';

export const routeTable: ReadonlyArray<{ prefix: string; plugin: FastifyPluginAsync }> = [
  { prefix: '/health', plugin: health },
  { prefix: '/api/v1/devices', plugin: devices },
  { prefix: '/api/v1/auth', plugin: auth },
  { prefix: '/api/v1/catalog', plugin: catalog },
  { prefix: '/api/v1/content', plugin: content },
  { prefix: '/api/v1/me', plugin: me },
];
