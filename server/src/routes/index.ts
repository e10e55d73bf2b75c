/**
 * Every route plugin and its URL prefix (the folder it lives in). To add
 * routes: make `routes/<prefix>/index.ts` exporting a plugin, list it here.
 */
import type { FastifyPluginAsync } from 'fastify';
import health from './health/index.ts';
import devices from './api/v1/devices/index.ts';
import deviceLabPeers from './api/v1/devices/me/lab-peers/index.ts';
import auth from './api/v1/auth/index.ts';
import catalog from './api/v1/catalog/index.ts';
import content from './api/v1/content/index.ts';
import me from './api/v1/me/index.ts';
import openapi from './api/v1/openapi/index.ts';
import adminRegions from './api/v1/admin/regions/index.ts';
import adminSchools from './api/v1/admin/schools/index.ts';
import adminLabs from './api/v1/admin/labs/index.ts';
import adminClasses from './api/v1/admin/classes/index.ts';
import adminUsers from './api/v1/admin/users/index.ts';
import adminEnrolmentCodes from './api/v1/admin/enrolment-codes/index.ts';
import adminDevices from './api/v1/admin/devices/index.ts';
import adminAudit from './api/v1/admin/audit/index.ts';
import adminChannels from './api/v1/admin/channels/index.ts';
import adminSubscriptions from './api/v1/admin/subscriptions/index.ts';
import adminLessons from './api/v1/admin/lessons/index.ts';
import adminContent from './api/v1/admin/content/index.ts';
import adminLibrary from './api/v1/admin/library/index.ts';

export const routeTable: ReadonlyArray<{ prefix: string; plugin: FastifyPluginAsync }> = [
  { prefix: '/health', plugin: health },
  { prefix: '/api/v1/devices', plugin: devices },
  { prefix: '/api/v1/devices/me/lab-peers', plugin: deviceLabPeers },
  { prefix: '/api/v1/auth', plugin: auth },
  { prefix: '/api/v1/catalog', plugin: catalog },
  { prefix: '/api/v1/content', plugin: content },
  { prefix: '/api/v1/me', plugin: me },
  { prefix: '/api/v1/openapi.json', plugin: openapi },
  { prefix: '/api/v1/admin/regions', plugin: adminRegions },
  { prefix: '/api/v1/admin/schools', plugin: adminSchools },
  { prefix: '/api/v1/admin/labs', plugin: adminLabs },
  { prefix: '/api/v1/admin/classes', plugin: adminClasses },
  { prefix: '/api/v1/admin/users', plugin: adminUsers },
  { prefix: '/api/v1/admin/enrolment-codes', plugin: adminEnrolmentCodes },
  { prefix: '/api/v1/admin/devices', plugin: adminDevices },
  { prefix: '/api/v1/admin/audit', plugin: adminAudit },
  { prefix: '/api/v1/admin/channels', plugin: adminChannels },
  { prefix: '/api/v1/admin/subscriptions', plugin: adminSubscriptions },
  { prefix: '/api/v1/admin/lessons', plugin: adminLessons },
  { prefix: '/api/v1/admin/content', plugin: adminContent },
  { prefix: '/api/v1/admin/library', plugin: adminLibrary },
];
