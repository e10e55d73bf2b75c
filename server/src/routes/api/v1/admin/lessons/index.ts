/**
 * /api/v1/admin/lessons: a lesson's place in the library. Moving a lesson
 * between channels is one PUT of its channel list (one transaction); DELETE
 * makes it a tombstone, so every school that saw it gets a delete.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LessonChannels, LessonChannelsRequest, LessonParams } from '@sinif/shared';
import { auditRequest } from '../../../../../audit/audit-log.ts';
import { notFound } from '../../../../../http/api-error.ts';
import { deleteLesson, setLessonChannels } from '../../../../../catalog/catalog-writer.ts';

const lessons: FastifyPluginAsyncTypebox = async (app) => {
  app.put(
    '/:lessonId/channels',
    { schema: { params: LessonParams, body: LessonChannelsRequest, response: { 200: LessonChannels } }, config: { action: 'library.manage' } },
    async (request) => {
      const { lessonId } = request.params;
      const outcome = await setLessonChannels(app.store, lessonId, request.body.channelIds);
      switch (outcome.kind) {
        case 'noLesson':
          throw notFound(`No lesson ${lessonId}.`);
        case 'noChannel':
          throw notFound(`No channel ${outcome.channelId}.`);
        case 'ok':
          await auditRequest(app.store, request, { action: 'library.lessonChannels', schoolId: null, target: lessonId, detail: { channelIds: outcome.channelIds } });
          return { lessonId, channelIds: outcome.channelIds };
        default: {
          const never: never = outcome;
          return never;
        }
      }
    },
  );

  app.delete('/:lessonId', { schema: { params: LessonParams }, config: { action: 'library.manage' } }, async (request, reply) => {
    const { lessonId } = request.params;
    if ((await deleteLesson(app.store, lessonId)) === null) throw notFound(`No lesson ${lessonId}.`);
    await auditRequest(app.store, request, { action: 'library.lessonDelete', schoolId: null, target: lessonId });
    return reply.code(204).send();
  });
};

export default lessons;
