/** /api/v1/admin/channels: the library's channels and the lessons each holds. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Channel, ChannelLessonList, ChannelList, ChannelParams, CreateChannelRequest } from '@sinif/shared';
import { auditRequest } from '../../../../../audit/audit-log.ts';
import { conflict, notFound } from '../../../../../http/api-error.ts';
import { channelExists, channelLessons, channelNameTaken, createChannel, listChannels } from '../../../../../catalog/channels.ts';

const channels: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', { schema: { response: { 200: ChannelList } }, config: { action: 'library.list' } }, async () => ({
    channels: await listChannels(app.store),
  }));

  app.post(
    '/',
    { schema: { body: CreateChannelRequest, response: { 201: Channel } }, config: { action: 'library.manage' } },
    async (request, reply) => {
      if (await channelNameTaken(app.store, request.body.name.trim())) throw conflict(`A channel named ${request.body.name} exists.`);
      const channel = await createChannel(app.store, request.body);
      await auditRequest(app.store, request, { action: 'library.channelCreate', schoolId: null, target: channel.id, detail: { name: channel.name } });
      return reply.code(201).send(channel);
    },
  );

  app.get(
    '/:channelId/lessons',
    { schema: { params: ChannelParams, response: { 200: ChannelLessonList } }, config: { action: 'library.list' } },
    async (request) => {
      if (!(await channelExists(app.store, request.params.channelId))) throw notFound(`No channel ${request.params.channelId}.`);
      return { lessons: await channelLessons(app.store, request.params.channelId) };
    },
  );
};

export default channels;
