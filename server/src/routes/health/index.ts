/** GET /health: is the server, its store and its media plane usable? */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthResponse } from '@sinif/shared';
import { sql } from 'kysely';
import { schemaVersion } from '../../db/schema-version.ts';
import { serverVersion } from '../../version.ts';

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', { schema: { response: { 200: HealthResponse } }, config: { public: true } }, async (request) => {
    let database = { ok: false, schemaVersion: 0 };
    try {
      await sql`SELECT 1`.execute(app.store);
      database = { ok: true, schemaVersion: await schemaVersion(app.store) };
    } catch (error) {
      request.log.error({ err: error }, 'health: database check failed');
    }
    const media = app.media.available ? { available: true } : { available: false, reason: app.media.reason };
    return { status: 'ok' as const, version: serverVersion, database, media };
  });
};

export default health;
