import { rmSync } from 'node:fs';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/store.ts';
import { DatabaseNewerThanCodeError, migrateStore, schemaVersion } from '../../src/db/schema-version.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { upsertLesson } from '../../src/catalog/catalog-writer.ts';
import { catalogChangesAfter } from '../../src/catalog/catalog-feed.ts';
import { loadConfig, startServer } from '../../src/index.ts';
import { tempDataDir } from '../support/temp-server.ts';

const open: { store: Store; dir: string }[] = [];
function freshStore(): Store {
  const dir = tempDataDir();
  const store = openStore(dir);
  open.push({ store, dir });
  return store;
}
afterEach(async () => {
  for (const { store, dir } of open.splice(0)) {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function tableNames(store: Store): Promise<string[]> {
  const rows = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`.execute(store.db);
  return rows.rows.map((r) => r.name);
}

async function insertPeople(store: Store): Promise<void> {
  const db = store.db;
  await db.insertInto('regions').values({ id: 'r1', name: 'Bakı' }).execute();
  await db.insertInto('schools').values({ id: 's1', region_id: 'r1', name: 'Məktəb 1' }).execute();
  await db.insertInto('labs').values({ id: 'l1', school_id: 's1', name: 'Lab 1' }).execute();
  await db
    .insertInto('users')
    .values({ id: 'u1', school_id: 's1', username: 'aygun', display_name: 'Aygün', password_hash: 'x', created_at: '2026-01-01T00:00:00.000Z', disabled_at: null })
    .execute();
  await db.insertInto('user_roles').values({ user_id: 'u1', role: 'teacher', school_id: 's1' }).execute();
}

describe('migration 0001-people-and-devices', () => {
  it('creates the people and device tables with their constraints on an empty store', async () => {
    const store = freshStore();
    expect(await schemaVersion(store.db)).toBe(0);
    expect(await migrateStore(store.db, { target: '0001-people-and-devices' })).toBe(1);
    expect(await tableNames(store)).toEqual(
      expect.arrayContaining(['regions', 'schools', 'labs', 'enrolment_codes', 'devices', 'users', 'user_roles', 'sessions']),
    );
    expect(await tableNames(store)).not.toContain('lessons');
    await insertPeople(store);
    // username is unique; foreign keys are enforced
    await expect(
      store.db
        .insertInto('users')
        .values({ id: 'u2', school_id: 's1', username: 'aygun', display_name: 'X', password_hash: 'x', created_at: 'now', disabled_at: null })
        .execute(),
    ).rejects.toThrow(/UNIQUE/);
    await expect(store.db.insertInto('labs').values({ id: 'l2', school_id: 'nope', name: 'X' }).execute()).rejects.toThrow(/FOREIGN KEY/);
  });
});

describe('migration 0002-catalog', () => {
  it('adds the catalog with the counter at 0 and keeps the rows of version 1', async () => {
    const store = freshStore();
    await migrateStore(store.db, { target: '0001-people-and-devices' });
    await insertPeople(store);

    expect(await migrateStore(store.db, { target: '0002-catalog' })).toBe(2);
    const user = await store.db.selectFrom('users').selectAll().where('id', '=', 'u1').executeTakeFirstOrThrow();
    expect(user.username).toBe('aygun');
    const counter = await store.db.selectFrom('catalog_seq').selectAll().executeTakeFirstOrThrow();
    expect(counter).toEqual({ id: 1, last_seq: 0 });
    // Written directly: today's catalog writer needs the version-5 channel tables.
    const lessonRow = { title: 'Şəkil', description: '', subject: 'İnformatika', grade: 3, language: 'az', updated_at: 'now', deleted: 0 };
    await store.db.insertInto('lessons').values({ id: 'l1', seq: 1, ...lessonRow }).execute();
    await expect(store.db.insertInto('lessons').values({ id: 'l2', seq: 1, ...lessonRow }).execute()).rejects.toThrow(/UNIQUE/);
    const userVersion = await sql<{ user_version: number }>`PRAGMA user_version`.execute(store.db);
    expect(userVersion.rows[0]?.user_version).toBe(2);
  });
});

describe('migration 0003-identity', () => {
  it('adds classes, the audit log and the fleet fields, keeping version-2 rows with safe defaults', async () => {
    const store = freshStore();
    await migrateStore(store.db, { target: '0002-catalog' });
    await insertPeople(store);
    await store.db
      .insertInto('enrolment_codes')
      .values({ id: 'c1', lab_id: 'l1', code_hash: 'h', expires_at: '2100-01-01T00:00:00.000Z', max_uses: 3, created_at: 'now' })
      .execute();
    await store.db
      .insertInto('devices')
      .values({ id: 'd1', lab_id: 'l1', seat_name: 'PC-01', token_hash: 't', os: null, app_version: null, enrolled_at: 'now', last_seen_at: null, revoked_at: null })
      .execute();

    expect(await migrateStore(store.db, { target: '0003-identity' })).toBe(3);
    const user = await store.db.selectFrom('users').selectAll().where('id', '=', 'u1').executeTakeFirstOrThrow();
    expect(user.must_change_password).toBe(0);
    const code = await store.db.selectFrom('enrolment_codes').selectAll().executeTakeFirstOrThrow();
    expect(code.revoked_at).toBeNull();
    const device = await store.db.selectFrom('devices').selectAll().executeTakeFirstOrThrow();
    expect(device).toMatchObject({ last_address: null, free_disk_bytes: null });

    await store.db.insertInto('classes').values({ id: 'k1', school_id: 's1', name: '5A', created_at: 'now' }).execute();
    await store.db.insertInto('class_members').values({ class_id: 'k1', user_id: 'u1', role: 'teacher' }).execute();
    await expect(
      store.db.insertInto('classes').values({ id: 'k2', school_id: 's1', name: '5A', created_at: 'now' }).execute(),
    ).rejects.toThrow(/UNIQUE/);
    await expect(
      store.db.insertInto('class_members').values({ class_id: 'k1', user_id: 'u1', role: 'janitor' }).execute(),
    ).rejects.toThrow(/CHECK/);
    await store.db.insertInto('audit_events').values({ at: 'now', actor_user_id: 'u1', school_id: 's1', action: 'x', target: null, detail: '{}', ip: null }).execute();
    const event = await store.db.selectFrom('audit_events').selectAll().executeTakeFirstOrThrow();
    expect(event.id).toBe(1);
  });
});

describe('migration 0004-lab-sessions', () => {
  it('adds lab sessions with one active session per lab, and seat places defaulting to unplaced', async () => {
    const store = freshStore();
    await migrateStore(store.db, { target: '0003-identity' });
    await insertPeople(store);
    await store.db
      .insertInto('devices')
      .values({ id: 'd1', lab_id: 'l1', seat_name: 'PC-01', token_hash: 't', os: null, app_version: null, enrolled_at: 'now', last_seen_at: null, revoked_at: null })
      .execute();

    expect(await migrateStore(store.db, { target: '0004-lab-sessions' })).toBe(4);
    const device = await store.db.selectFrom('devices').selectAll().executeTakeFirstOrThrow();
    expect(device).toMatchObject({ seat_x: null, seat_y: null });
    const session = (id: string, endedAt: string | null) => ({
      id, lab_id: 'l1', class_id: null, started_by: 'u1', started_at: 'now', ended_at: endedAt, end_reason: null, state: '{}', updated_at: 'now',
    });
    await store.db.insertInto('lab_sessions').values(session('s-old', 'then')).execute();
    await store.db.insertInto('lab_sessions').values(session('s1', null)).execute();
    await expect(store.db.insertInto('lab_sessions').values(session('s2', null)).execute()).rejects.toThrow(/UNIQUE/);
    const command = { session_id: 's1', command_id: 'c1', issued_by: 'u1', issued_at: 'now', kind: 'lock', command: '{}', result: '{}' };
    await store.db.insertInto('lab_session_commands').values(command).execute();
    await expect(store.db.insertInto('lab_session_commands').values(command).execute()).rejects.toThrow(/UNIQUE|PRIMARY/);
  });
});

describe('migration 0005-library-channels', () => {
  it('puts every live lesson in an auto-subscribed national channel that every school receives, above every old cursor', async () => {
    const store = freshStore();
    await migrateStore(store.db, { target: '0004-lab-sessions' });
    await insertPeople(store);
    const lessonRow = { description: '', subject: 'İnformatika', grade: 3, language: 'az', updated_at: 'now' };
    await store.db.insertInto('lessons').values({ id: 'live', title: 'Canlı', deleted: 0, seq: 1, ...lessonRow }).execute();
    await store.db.insertInto('lessons').values({ id: 'gone', title: 'Silinib', deleted: 1, seq: 2, ...lessonRow }).execute();
    await store.db.updateTable('catalog_seq').set({ last_seq: 2 }).execute();

    expect(await migrateStore(store.db, { target: '0005-library-channels' })).toBe(5);
    expect(await store.db.selectFrom('channels').select(['id', 'auto_subscribe']).execute()).toEqual([{ id: 'national', auto_subscribe: 1 }]);
    expect(await store.db.selectFrom('channel_lessons').selectAll().execute()).toEqual([{ channel_id: 'national', lesson_id: 'live' }]);
    expect(await store.db.selectFrom('channel_subscriptions').select(['school_id', 'channel_id', 'grades']).execute()).toEqual([
      { school_id: 's1', channel_id: 'national', grades: null },
    ]);

    // A PC that synced the old feed up to seq 2 gets the school's view again, after its cursor
    // (read by today's feed, which needs the later versions too).
    await migrateStore(store.db);
    const page = await catalogChangesAfter(store.db, 's1', 2, 100);
    expect(page.changes).toMatchObject([{ seq: 3, kind: 'upsert', lesson: { id: 'live' } }]);
    expect(await store.db.selectFrom('school_catalog_stale').selectAll().execute()).toEqual([]);
    expect((await catalogChangesAfter(store.db, 's1', 3, 100)).changes).toEqual([]);

    // Schools created later are subscribed by the trigger, whoever inserts them.
    await store.db.insertInto('schools').values({ id: 's2', region_id: 'r1', name: 'Məktəb 2' }).execute();
    expect(await store.db.selectFrom('channel_subscriptions').select('channel_id').where('school_id', '=', 's2').execute()).toEqual([{ channel_id: 'national' }]);
    expect((await catalogChangesAfter(store.db, 's2', 0, 100)).changes).toMatchObject([{ kind: 'upsert', lesson: { id: 'live' } }]);
    expect(await upsertLesson(store.db, { id: 'new', title: 'Yeni', description: '', subject: 'X', grade: 4, language: 'en', resources: [] })).toBe(5);
  });
});

describe('migration 0008-lesson-feed-json', () => {
  const lessonRow = { description: 'Təsvir', subject: 'İnformatika', grade: 3, language: 'az', updated_at: '2026-01-01T00:00:00.000Z' };
  const resource = (lessonId: string, id: string, position: number) => ({
    lesson_id: lessonId, id, name: `${id}.pdf`, media_type: 'application/pdf', size: 10 + position, sha256: id.repeat(32), position,
  });
  const built = {
    id: 'a', title: 'Şəkil', description: 'Təsvir', subject: 'İnformatika', grade: 3, language: 'az', updatedAt: '2026-01-01T00:00:00.000Z',
    resources: [
      { id: 'r1', name: 'r1.pdf', mediaType: 'application/pdf', size: 10, sha256: 'r1'.repeat(32) },
      { id: 'r2', name: 'r2.pdf', mediaType: 'application/pdf', size: 11, sha256: 'r2'.repeat(32) },
    ],
  };
  async function storedText(store: Store, id: string): Promise<unknown> {
    const row = await store.db.selectFrom('lessons').select('feed_json').where('id', '=', id).executeTakeFirstOrThrow();
    return row.feed_json === null ? null : JSON.parse(row.feed_json);
  }
  /** Every lesson as school s1's feed sends it now (from the start, so edits without a new seq show too). */
  async function fed(store: Store): Promise<Record<string, unknown>> {
    const page = await catalogChangesAfter(store.db, 's1', 0, 100);
    return Object.fromEntries(page.changes.map((c) => (c.kind === 'upsert' ? [c.lesson.id, c.lesson] : [c.lessonId, null])));
  }
  async function publish(store: Store, id: string): Promise<void> {
    await store.db.insertInto('channel_lessons').values({ channel_id: 'national', lesson_id: id }).execute();
    await store.db.insertInto('school_catalog_stale').values({ school_id: 's1' }).onConflict((oc) => oc.doNothing()).execute();
  }

  it('stores the feed text of every lesson; any other write clears it and the feed builds it as it reads', async () => {
    const store = freshStore();
    await migrateStore(store.db, { target: '0007-lab-session-hands' });
    await insertPeople(store);
    await store.db.insertInto('lessons').values({ id: 'a', title: 'Şəkil', deleted: 0, seq: 1, ...lessonRow }).execute();
    // Inserted out of order: the text lists resources by position.
    await store.db.insertInto('lesson_resources').values([resource('a', 'r2', 1), resource('a', 'r1', 0)]).execute();
    await store.db.updateTable('catalog_seq').set({ last_seq: 1 }).execute();
    await publish(store, 'a');

    expect(await migrateStore(store.db)).toBe(Object.keys(migrations).length);
    expect(await storedText(store, 'a')).toEqual(built);
    expect(await fed(store)).toEqual({ a: built });

    // Plain SQL, not the catalog writer: the text is cleared and the feed still shows each lesson as it is.
    await store.db.insertInto('lessons').values({ id: 'b', title: 'Boş', deleted: 0, seq: 2, ...lessonRow }).execute();
    await store.db.updateTable('catalog_seq').set({ last_seq: 2 }).execute();
    await publish(store, 'b');
    expect(await storedText(store, 'b')).toBeNull();
    expect((await fed(store)).b).toMatchObject({ id: 'b', title: 'Boş', resources: [] });

    await store.db.updateTable('lessons').set({ title: 'Şəkil "çəkmək"', grade: 4 }).where('id', '=', 'a').execute();
    expect(await storedText(store, 'a')).toBeNull();
    expect((await fed(store)).a).toEqual({ ...built, title: 'Şəkil "çəkmək"', grade: 4 });
    await store.db.updateTable('lesson_resources').set({ size: 99 }).where('id', '=', 'r2').execute();
    expect((await fed(store)).a).toMatchObject({ resources: [built.resources[0], { ...built.resources[1], size: 99 }] });
    // A resource moved to another lesson leaves the first and joins the second.
    await upsertLesson(store.db, { id: 'b', title: 'Boş', description: '', subject: 'X', grade: 5, language: 'en', resources: [] });
    expect(await storedText(store, 'b')).not.toBeNull();
    await store.db.updateTable('lesson_resources').set({ lesson_id: 'b' }).where('id', '=', 'r1').execute();
    expect(await storedText(store, 'b')).toBeNull();
    const moved = await fed(store);
    expect(moved.a).toMatchObject({ resources: [{ id: 'r2' }] });
    expect(moved.b).toMatchObject({ resources: [{ id: 'r1' }] });

    // The catalog writer stores the text of what it wrote.
    await upsertLesson(store.db, { id: 'a', title: 'Yeni', description: '', subject: 'X', grade: 5, language: 'en', resources: [] });
    expect(await storedText(store, 'a')).toMatchObject({ id: 'a', title: 'Yeni', grade: 5, language: 'en', resources: [] });
    expect((await fed(store)).a).toEqual(await storedText(store, 'a'));
  });
});

describe('a database newer than the code', () => {
  const future = { ...migrations, '9999-from-the-future': { up: async () => undefined } };

  it('is refused with DB_NEWER_THAN_CODE naming the unknown migration', async () => {
    const store = freshStore();
    await migrateStore(store.db, { migrations: future });
    const error = await migrateStore(store.db, { file: store.file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseNewerThanCodeError);
    expect((error as DatabaseNewerThanCodeError).code).toBe('DB_NEWER_THAN_CODE');
    expect((error as Error).message).toContain('9999-from-the-future');
    expect((error as Error).message).toContain(store.file);
  });

  it('stops startServer before it listens', async () => {
    const store = freshStore();
    await migrateStore(store.db, { migrations: future });
    const dataDir = open[0]!.dir;
    const config = loadConfig({ overrides: { host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent', seedDemo: false } });
    await expect(startServer(config)).rejects.toMatchObject({ code: 'DB_NEWER_THAN_CODE' });
  });
});
