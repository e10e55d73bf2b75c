/** Permission cases for the library routes (channels, subscriptions, lessons, uploads, packages). */
import type { BuiltRequest, RouteCase } from './route-cases.ts';
import { schools, unique } from './identity-fixture.ts';
import { createChannel } from '../../src/catalog/channels.ts';
import { subscribe } from '../../src/catalog/subscriptions.ts';
import { upsertLesson } from '../../src/catalog/catalog-writer.ts';
import type { StoreDb } from '../../src/db/store.ts';
import { lessonPackage } from './lesson-package.ts';

const NATIONAL = 'national';

async function freshLesson(db: StoreDb): Promise<string> {
  const id = unique('perm-lesson-');
  await upsertLesson(db, { id, title: 'Dərs', description: '', subject: 'Test', grade: 5, language: 'az', resources: [] });
  return id;
}

export const libraryRouteCases: Record<string, RouteCase> = {
  'GET /api/v1/admin/channels': { action: 'library.list', target: 'none', build: async () => ({ method: 'GET', url: '/api/v1/admin/channels' }) },
  'POST /api/v1/admin/channels': {
    action: 'library.manage',
    target: 'none',
    build: async () => ({ method: 'POST', url: '/api/v1/admin/channels', body: { name: unique('Kanal ') } }),
  },
  'GET /api/v1/admin/channels/:channelId/lessons': {
    action: 'library.list',
    target: 'none',
    build: async () => ({ method: 'GET', url: `/api/v1/admin/channels/${NATIONAL}/lessons` }),
  },
  'GET /api/v1/admin/subscriptions': {
    action: 'library.subscribe',
    target: 'school',
    build: async (_fx, s) => ({ method: 'GET', url: `/api/v1/admin/subscriptions?schoolId=${schools[s].id}` }),
  },
  'PUT /api/v1/admin/subscriptions': {
    action: 'library.subscribe',
    target: 'school',
    build: async (_fx, s) => ({ method: 'PUT', url: '/api/v1/admin/subscriptions', body: { schoolId: schools[s].id, channelId: NATIONAL, grades: [5, 6] } }),
  },
  'DELETE /api/v1/admin/subscriptions': {
    action: 'library.subscribe',
    target: 'school',
    build: async (fx, s): Promise<BuiltRequest> => {
      const channel = await createChannel(fx.db, { name: unique('Kanal ') });
      await subscribe(fx.db, schools[s].id, channel.id, {});
      return { method: 'DELETE', url: `/api/v1/admin/subscriptions?schoolId=${schools[s].id}&channelId=${channel.id}` };
    },
  },
  'PUT /api/v1/admin/lessons/:lessonId/channels': {
    action: 'library.manage',
    target: 'none',
    build: async (fx) => ({ method: 'PUT', url: `/api/v1/admin/lessons/${await freshLesson(fx.db)}/channels`, body: { channelIds: [NATIONAL] } }),
  },
  'DELETE /api/v1/admin/lessons/:lessonId': {
    action: 'library.manage',
    target: 'none',
    allowedStatus: 204,
    build: async (fx) => ({ method: 'DELETE', url: `/api/v1/admin/lessons/${await freshLesson(fx.db)}` }),
  },
  'POST /api/v1/admin/content': {
    action: 'library.manage',
    target: 'none',
    allowedStatus: 201,
    build: async () => ({ method: 'POST', url: '/api/v1/admin/content', rawBody: Buffer.from(unique('upload ')), contentType: 'text/plain' }),
  },
  'POST /api/v1/admin/library/packages': {
    action: 'library.manage',
    target: 'none',
    allowedStatus: 201,
    build: async () => ({
      method: 'POST',
      url: `/api/v1/admin/library/packages?channelId=${NATIONAL}`,
      rawBody: (await lessonPackage([{}])).zip,
      contentType: 'application/zip',
    }),
  },
};
