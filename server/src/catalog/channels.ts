/** Library channels: creating and listing them, and the lessons each holds. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Channel, ChannelLesson, CreateChannelRequest, LanguageCode } from '@sinif/shared';
import type { StoreDb } from '../db/store.ts';

export async function channelExists(db: StoreDb, channelId: string): Promise<boolean> {
  return (await db.selectFrom('channels').select('id').where('id', '=', channelId).executeTakeFirst()) !== undefined;
}

export async function channelNameTaken(db: StoreDb, name: string): Promise<boolean> {
  return (await db.selectFrom('channels').select('id').where('name', '=', name).executeTakeFirst()) !== undefined;
}

/** New channels start empty and without subscribers, so no view changes. */
export async function createChannel(db: StoreDb, input: CreateChannelRequest, now = new Date()): Promise<Channel> {
  const channel = {
    id: randomUUID(),
    name: input.name.trim(),
    description: input.description ?? '',
    auto_subscribe: input.autoSubscribe ? 1 : 0,
    created_at: now.toISOString(),
  };
  await db.insertInto('channels').values(channel).execute();
  return { id: channel.id, name: channel.name, description: channel.description, autoSubscribe: input.autoSubscribe ?? false, lessonCount: 0, subscriberCount: 0 };
}

export async function listChannels(db: StoreDb): Promise<Channel[]> {
  const rows = await db
    .selectFrom('channels')
    .select((eb) => [
      'channels.id',
      'channels.name',
      'channels.description',
      'channels.auto_subscribe',
      eb
        .selectFrom('channel_lessons')
        .innerJoin('lessons', 'lessons.id', 'channel_lessons.lesson_id')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('channel_lessons.channel_id', '=', 'channels.id')
        .where('lessons.deleted', '=', 0)
        .as('lessonCount'),
      eb
        .selectFrom('channel_subscriptions')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('channel_subscriptions.channel_id', '=', 'channels.id')
        .as('subscriberCount'),
    ])
    .orderBy('channels.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    autoSubscribe: r.auto_subscribe === 1,
    lessonCount: Number(r.lessonCount ?? 0),
    subscriberCount: Number(r.subscriberCount ?? 0),
  }));
}

export async function channelLessons(db: StoreDb, channelId: string): Promise<ChannelLesson[]> {
  const rows = await db
    .selectFrom('channel_lessons')
    .innerJoin('lessons', 'lessons.id', 'channel_lessons.lesson_id')
    .select(['lessons.id', 'lessons.title', 'lessons.subject', 'lessons.grade', 'lessons.language', 'lessons.updated_at'])
    .where('channel_lessons.channel_id', '=', channelId)
    .where('lessons.deleted', '=', 0)
    .orderBy('lessons.id')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, subject: r.subject, grade: r.grade, language: r.language as LanguageCode, updatedAt: r.updated_at }));
}
