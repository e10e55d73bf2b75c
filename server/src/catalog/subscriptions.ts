/**
 * A school's subscriptions to channels. Subscribing, changing the filter and
 * unsubscribing refresh that school's view in the same transaction, so its
 * feed gets upserts for lessons it now sees and deletes for lessons it lost.
 */
import type { Subscription, SubscriptionFilter } from '@sinif/shared';
import type { StoreDb } from '../db/store.ts';
import { SeqRun } from './catalog-seq.ts';
import { refreshSchoolViews } from './school-views.ts';
import { filterColumns, filterOf } from './subscription-filter.ts';

export async function listSubscriptions(db: StoreDb, schoolId: string): Promise<Subscription[]> {
  const rows = await db
    .selectFrom('channel_subscriptions')
    .innerJoin('channels', 'channels.id', 'channel_subscriptions.channel_id')
    .selectAll('channel_subscriptions')
    .select('channels.name as channelName')
    .where('channel_subscriptions.school_id', '=', schoolId)
    .orderBy('channels.name')
    .execute();
  return rows.map((r) => ({ schoolId: r.school_id, channelId: r.channel_id, channelName: r.channelName, ...filterOf(r), updatedAt: r.updated_at }));
}

/** Creates or replaces the school's subscription to a channel; returns how many lessons changed for the school. */
export async function subscribe(db: StoreDb, schoolId: string, channelId: string, filter: SubscriptionFilter, now = new Date()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const row = { school_id: schoolId, channel_id: channelId, ...filterColumns(filter), updated_at: now.toISOString() };
    const { school_id: _s, channel_id: _c, ...changed } = row;
    await trx
      .insertInto('channel_subscriptions')
      .values(row)
      .onConflict((oc) => oc.columns(['school_id', 'channel_id']).doUpdateSet(changed))
      .execute();
    return refreshSchoolViews(trx, new SeqRun(trx), { schoolIds: [schoolId] });
  });
}

/** Returns null when the school did not subscribe to the channel, else how many lessons it lost. */
export async function unsubscribe(db: StoreDb, schoolId: string, channelId: string): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('channel_subscriptions')
      .where('school_id', '=', schoolId)
      .where('channel_id', '=', channelId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return null;
    return refreshSchoolViews(trx, new SeqRun(trx), { schoolIds: [schoolId] });
  });
}
