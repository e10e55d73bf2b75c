/**
 * The per-school feed over channels and subscriptions: what a school's PCs
 * receive is exactly the lessons of the channels it subscribes to, and every
 * way a lesson leaves that view (unsubscribe, filter, move, delete) arrives
 * as a delete, so a PC that was away for a month ends up where a fresh one does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LanguageCode } from '@sinif/shared';
import { writeLessons, upsertLesson, deleteLesson, setLessonChannels } from '../../src/catalog/catalog-writer.ts';
import { createChannel } from '../../src/catalog/channels.ts';
import { subscribe, unsubscribe } from '../../src/catalog/subscriptions.ts';
import { bearer, startTempServer, type TempServer } from '../support/temp-server.ts';
import { seedIdentity, schools, type IdentityFixture, type SchoolKey } from '../support/identity-fixture.ts';
import { FeedClient } from '../support/feed-client.ts';

let server: TempServer;
let fx: IdentityFixture;
let admin: string;
beforeAll(async () => {
  server = await startTempServer({ seedDemo: false });
  fx = await seedIdentity(server.app.store);
  admin = await fx.session(fx.actors.region_admin);
  // Start from nothing: the fixture schools were auto-subscribed to the national channel.
  for (const s of ['A', 'B', 'C'] as const) await unsubscribe(server.app.store, schools[s].id, 'national');
});
afterAll(async () => {
  await server.dispose();
});

const db = () => server.app.store;
const lesson = (id: string, grade = 5, language: LanguageCode = 'az', title = `Dərs ${id}`) => ({
  id, title, description: '', subject: 'Riyaziyyat', grade, language, resources: [],
});
const publish = (channelId: string, ...lessons: ReturnType<typeof lesson>[]) =>
  db().transaction().execute((trx) => writeLessons(trx, lessons, { channelId }));

/** A PC of the school, with a person of that school signed in on it. */
async function pcOf(school: SchoolKey): Promise<FeedClient> {
  const pc = await fx.device(school);
  const person = await fx.user(school, 'student');
  return new FeedClient(server.url, await fx.session(person.id, pc.id));
}

async function call(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: { ...bearer(admin), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('channels and subscriptions in the feed', () => {
  let maths: string;
  let physics: string;
  beforeAll(async () => {
    maths = (await createChannel(db(), { name: 'Riyaziyyat kanalı' })).id;
    physics = (await createChannel(db(), { name: 'Fizika kanalı' })).id;
    await publish(maths, lesson('m1', 5, 'az'), lesson('m2', 6, 'ru'), lesson('m3', 7, 'az'));
    await publish(physics, lesson('p1', 8, 'en'));
  });

  it('gives a school the lessons of a channel it subscribes to, and deletes when it unsubscribes', async () => {
    const pcA = await pcOf('A');
    const pcB = await pcOf('B');
    expect((await call('PUT', '/api/v1/admin/subscriptions', { schoolId: schools.A.id, channelId: maths })).status).toBe(200);
    await pcA.sync();
    await pcB.sync();
    expect(Object.keys(pcA.titles())).toEqual(['m1', 'm2', 'm3']);
    expect(pcB.lessons.size).toBe(0);

    const listed = await call('GET', `/api/v1/admin/subscriptions?schoolId=${schools.A.id}`);
    expect(((await listed.json()) as { subscriptions: { channelId: string }[] }).subscriptions.map((s) => s.channelId)).toEqual([maths]);

    expect((await call('DELETE', `/api/v1/admin/subscriptions?schoolId=${schools.A.id}&channelId=${maths}`)).status).toBe(204);
    const page = await pcA.page(100);
    expect(page.changes.map((c) => (c.kind === 'delete' ? `-${c.lessonId}` : `+${c.lesson.id}`)).sort()).toEqual(['-m1', '-m2', '-m3']);
    expect(pcA.lessons.size).toBe(0);
    expect((await call('DELETE', `/api/v1/admin/subscriptions?schoolId=${schools.A.id}&channelId=${maths}`)).status).toBe(404);
  });

  it('narrows a subscription by grade, language or hand-picked lessons and sends only the difference when it changes', async () => {
    const pcB = await pcOf('B');
    const put = (filter: Record<string, unknown>) => call('PUT', '/api/v1/admin/subscriptions', { schoolId: schools.B.id, channelId: maths, ...filter });
    expect((await put({ grades: [5, 7] })).status).toBe(200);
    await pcB.sync();
    expect(Object.keys(pcB.titles())).toEqual(['m1', 'm3']);

    await put({ languages: ['ru'] });
    const page = await pcB.page(100);
    expect(page.changes.map((c) => (c.kind === 'delete' ? `-${c.lessonId}` : `+${c.lesson.id}`)).sort()).toEqual(['+m2', '-m1', '-m3']);

    await put({ lessonIds: ['m1', 'm2'], languages: ['az'] });
    await pcB.sync();
    expect(Object.keys(pcB.titles())).toEqual(['m1']);
    await unsubscribe(db(), schools.B.id, maths);
    await pcB.sync();
    expect(pcB.lessons.size).toBe(0);
  });

  it('moves a lesson between channels: it leaves schools of the old channel, reaches the new one, and schools with both see no change', async () => {
    await subscribe(db(), schools.A.id, maths, {});
    await subscribe(db(), schools.B.id, physics, {});
    await subscribe(db(), schools.C.id, maths, {});
    await subscribe(db(), schools.C.id, physics, {});
    const [pcA, pcB, pcC] = [await pcOf('A'), await pcOf('B'), await pcOf('C')];
    for (const pc of [pcA, pcB, pcC]) await pc.sync();

    const moved = await call('PUT', '/api/v1/admin/lessons/m1/channels', { channelIds: [physics] });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toEqual({ lessonId: 'm1', channelIds: [physics] });

    expect((await pcA.page(100)).changes).toEqual([expect.objectContaining({ kind: 'delete', lessonId: 'm1' })]);
    expect((await pcB.page(100)).changes).toEqual([expect.objectContaining({ kind: 'upsert', lesson: expect.objectContaining({ id: 'm1' }) })]);
    expect((await pcC.page(100)).changes).toEqual([]);
    expect((await call('PUT', '/api/v1/admin/lessons/m1/channels', { channelIds: ['no-such-channel'] })).status).toBe(404);
    expect((await call('PUT', '/api/v1/admin/lessons/no-such-lesson/channels', { channelIds: [] })).status).toBe(404);
  });

  it('sends an edit only to schools that see the lesson, and a delete to each of them', async () => {
    const [pcA, pcB, pcC] = [await pcOf('A'), await pcOf('B'), await pcOf('C')];
    for (const pc of [pcA, pcB, pcC]) await pc.sync();
    await upsertLesson(db(), lesson('p1', 8, 'en', 'Fizika: yeni'));
    expect((await pcA.page(100)).changes).toEqual([]);
    expect((await pcB.page(100)).changes).toMatchObject([{ kind: 'upsert', lesson: { id: 'p1', title: 'Fizika: yeni' } }]);
    expect((await pcC.page(100)).changes).toMatchObject([{ kind: 'upsert', lesson: { id: 'p1', title: 'Fizika: yeni' } }]);

    expect((await call('DELETE', '/api/v1/admin/lessons/p1')).status).toBe(204);
    expect((await call('DELETE', '/api/v1/admin/lessons/p1')).status).toBe(404);
    expect((await pcA.page(100)).changes).toEqual([]);
    expect((await pcB.page(100)).changes).toMatchObject([{ kind: 'delete', lessonId: 'p1' }]);
    expect((await pcC.page(100)).changes).toMatchObject([{ kind: 'delete', lessonId: 'p1' }]);
  });

  it('lists channels with their lesson and subscriber counts, and a channel\'s lessons', async () => {
    const response = await call('GET', '/api/v1/admin/channels');
    const { channels } = (await response.json()) as { channels: { id: string; lessonCount: number; subscriberCount: number }[] };
    expect(channels.find((c) => c.id === physics)).toMatchObject({ lessonCount: 1, subscriberCount: 2 });
    const lessons = await call('GET', `/api/v1/admin/channels/${physics}/lessons`);
    expect(((await lessons.json()) as { lessons: { id: string }[] }).lessons.map((l) => l.id)).toEqual(['m1']);
    expect((await call('POST', '/api/v1/admin/channels', { name: 'Fizika kanalı' })).status).toBe(409);
    expect((await call('GET', '/api/v1/admin/channels/nope/lessons')).status).toBe(404);
    expect((await call('PUT', '/api/v1/admin/subscriptions', { schoolId: schools.A.id, channelId: 'nope' })).status).toBe(404);
  });
});

/** Deterministic pseudo-random numbers (mulberry32), so a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random library work against school C, with a plain model of what C should
 * see: live lessons in a channel C subscribes to, matching its grade filter.
 */
async function libraryChurn(seed: number) {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const channelIds: string[] = [];
  for (const n of [1, 2, 3]) channelIds.push((await createChannel(db(), { name: `Churn ${seed}-${n}` })).id);
  const model = new Map<string, { title: string; grade: number; channel: string; live: boolean }>();
  const subs = new Map<string, number[] | null>();
  const subscribed = await db().selectFrom('channel_subscriptions').select('channel_id').where('school_id', '=', schools.C.id).execute();
  for (const { channel_id } of subscribed) await unsubscribe(db(), schools.C.id, channel_id);
  let counter = 0;
  const step = async (): Promise<void> => {
    const live = [...model.entries()].filter(([, l]) => l.live).map(([id]) => id);
    const roll = rand();
    if (roll < 0.3 || live.length === 0) {
      const id = `churn-${seed}-${(counter += 1)}`;
      const entry = { title: `T${counter}`, grade: 1 + Math.floor(rand() * 3), channel: pick(channelIds), live: true };
      model.set(id, entry);
      await publish(entry.channel, lesson(id, entry.grade, 'az', entry.title));
    } else if (roll < 0.5) {
      const id = pick(live);
      const entry = model.get(id)!;
      entry.title = `${entry.title}'`;
      await upsertLesson(db(), lesson(id, entry.grade, 'az', entry.title));
    } else if (roll < 0.6) {
      const id = pick(live);
      model.get(id)!.live = false;
      await deleteLesson(db(), id);
    } else if (roll < 0.75) {
      const id = pick(live);
      const to = pick(channelIds);
      model.get(id)!.channel = to;
      await setLessonChannels(db(), id, [to]);
    } else {
      const channelId = pick(channelIds);
      const r = rand();
      if (r < 0.35 && subs.has(channelId)) {
        subs.delete(channelId);
        await unsubscribe(db(), schools.C.id, channelId);
      } else {
        const grades = r < 0.7 ? null : [1 + Math.floor(rand() * 3)];
        subs.set(channelId, grades);
        await subscribe(db(), schools.C.id, channelId, grades ? { grades } : {});
      }
    }
  };
  const expected = (): Record<string, string> => {
    const out: [string, string][] = [];
    for (const [id, l] of model) {
      if (!l.live || !subs.has(l.channel)) continue;
      const grades = subs.get(l.channel);
      if (grades && !grades.includes(l.grade)) continue;
      out.push([id, l.title]);
    }
    return Object.fromEntries(out.sort(([a], [b]) => a.localeCompare(b)));
  };
  return { step, expected };
}

describe('catching up', () => {
  it('brings a PC that was offline for a month to exactly what a fresh sync shows', async () => {
    const churn = await libraryChurn(7);
    for (let i = 0; i < 40; i += 1) await churn.step();
    const away = await pcOf('C');
    await away.sync(3);
    expect(away.titles()).toEqual(churn.expected());

    // A month of library work while the PC is off.
    for (let i = 0; i < 150; i += 1) await churn.step();
    await away.sync(4);
    const fresh = await pcOf('C');
    await fresh.sync(1000);
    expect(away.titles()).toEqual(churn.expected());
    expect([...away.lessons.values()].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...fresh.lessons.values()].sort((a, b) => a.id.localeCompare(b.id)));
  });

  it('never skips a change when the library changes between page requests', async () => {
    for (const seed of [11, 12, 13]) {
      const churn = await libraryChurn(seed);
      for (let i = 0; i < 30; i += 1) await churn.step();
      const pc = await pcOf('C');
      // Two changes of any kind land between each of the first 15 pages (then the PC catches up).
      const pages = await pc.sync(2, async (n) => {
        if (n >= 15) return;
        await churn.step();
        await churn.step();
      });
      expect(pages).toBeGreaterThan(15);
      expect(pc.titles(), `seed ${seed}`).toEqual(churn.expected());
      const seqs = pc.seen;
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  });
});

describe('the national channel', () => {
  it('reaches a school created after its lessons were published, without anyone subscribing it', async () => {
    await upsertLesson(db(), lesson('national-1', 3, 'az', 'Milli dərs'));
    const response = await call('POST', '/api/v1/admin/schools', { regionId: schools.A.regionId, name: 'Yeni məktəb' });
    expect(response.status).toBe(201);
    const school = (await response.json()) as { id: string };
    const listed = await call('GET', `/api/v1/admin/subscriptions?schoolId=${school.id}`);
    expect(((await listed.json()) as { subscriptions: { channelId: string }[] }).subscriptions.map((s) => s.channelId)).toEqual(['national']);

    await db().insertInto('labs').values({ id: 'lab-new', school_id: school.id, name: 'Lab' }).execute();
    await db()
      .insertInto('devices')
      .values({ id: 'pc-new', lab_id: 'lab-new', seat_name: 'PC-1', token_hash: 'x', os: null, app_version: null, enrolled_at: 'now', last_seen_at: null, revoked_at: null })
      .execute();
    const pc = new FeedClient(server.url, await fx.session(fx.actors.student, 'pc-new'));
    await pc.sync();
    expect(pc.titles()).toEqual({ 'national-1': 'Milli dərs' });
  });
});
