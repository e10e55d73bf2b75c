/**
 * /api/v1/admin/subscriptions: which channels (whole, or by grade/language,
 * or hand-picked lessons) a school receives. Changing them updates the
 * school's feed at once: new lessons as upserts, lost ones as deletes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SchoolScopedQuery, SubscribeRequest, SubscriptionList, UnsubscribeQuery } from '@sinif/shared';
import { scopeOf } from '../../../../../auth/scope-targets.ts';
import { auditRequest } from '../../../../../audit/audit-log.ts';
import { notFound } from '../../../../../http/api-error.ts';
import { channelExists } from '../../../../../catalog/channels.ts';
import { listSubscriptions, subscribe, unsubscribe } from '../../../../../catalog/subscriptions.ts';

const subscriptions: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    { schema: { querystring: SchoolScopedQuery, response: { 200: SubscriptionList } }, config: { action: 'library.subscribe', scope: scopeOf.schoolIn('query') } },
    async (request) => ({ subscriptions: await listSubscriptions(app.store, request.query.schoolId) }),
  );

  app.put(
    '/',
    { schema: { body: SubscribeRequest, response: { 200: SubscriptionList } }, config: { action: 'library.subscribe', scope: scopeOf.schoolIn('body') } },
    async (request) => {
      const { schoolId, channelId, ...filter } = request.body;
      if (!(await channelExists(app.store, channelId))) throw notFound(`No channel ${channelId}.`);
      const changed = await subscribe(app.store, schoolId, channelId, filter);
      await auditRequest(app.store, request, { action: 'library.subscribe', schoolId, target: channelId, detail: { ...filter, lessonsChanged: changed } });
      return { subscriptions: await listSubscriptions(app.store, schoolId) };
    },
  );

  app.delete(
    '/',
    { schema: { querystring: UnsubscribeQuery }, config: { action: 'library.subscribe', scope: scopeOf.schoolIn('query') } },
    async (request, reply) => {
      const { schoolId, channelId } = request.query;
      const lost = await unsubscribe(app.store, schoolId, channelId);
      if (lost === null) throw notFound(`School ${schoolId} does not subscribe to channel ${channelId}.`);
      await auditRequest(app.store, request, { action: 'library.unsubscribe', schoolId, target: channelId, detail: { lessonsLost: lost } });
      return reply.code(204).send();
    },
  );
};

export default subscriptions;
