import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CatalogChange, Lesson, LessonResource } from '@sinif/shared';
import { CatalogPageWriter } from '../../../src/core/cache/catalog-page-writer.ts';
import { openCacheDb, withSqlite, type CacheDb } from '../../../src/core/cache/database.ts';
import { LessonStore } from '../../../src/core/cache/lesson-store.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const WORDS = ['alma', 'armud', 'şəkil', 'kitab', 'dəniz', 'ulduz', 'число', 'գիրք'];
const LESSON_IDS = ['l0', 'l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7'];

function lesson(id: string, title: string, resources: LessonResource[] = [], description = ''): Lesson {
  return { id, title, description, subject: 'Ümumi', grade: 5, language: 'az', updatedAt: '2026-01-01T00:00:00Z', resources };
}

function resource(id: string, size: number): LessonResource {
  return { id, name: `${id}.html`, mediaType: 'text/html', size, sha256: id.padEnd(64, '0') };
}

async function openCache(): Promise<{ db: CacheDb; writer: CatalogPageWriter; store: LessonStore }> {
  const db = await openCacheDb(await dirs.make());
  return { db, writer: new CatalogPageWriter(db), store: new LessonStore(db) };
}

/** What a cache shows: every lesson whole (resources in order) and who each word finds. */
async function shown(store: LessonStore, ids: readonly string[] = LESSON_IDS): Promise<unknown> {
  const lessons = await Promise.all(ids.map((id) => store.lesson(id)));
  const found = await Promise.all(WORDS.map(async (word) => (await store.list(word)).map((l) => l.id).sort()));
  return { lessons, found };
}

const title = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((words) => words.join(' '));
const resources = fc.uniqueArray(
  fc.record({ id: fc.constantFrom('r1', 'r2', 'r3'), size: fc.integer({ min: 1, max: 3 }) }),
  { selector: (r) => r.id, maxLength: 3 },
);
const change = fc.oneof(
  fc.record({ kind: fc.constant('upsert' as const), id: fc.constantFrom(...LESSON_IDS), title, description: fc.constantFrom('', ...WORDS), resources }),
  fc.record({ kind: fc.constant('delete' as const), id: fc.constantFrom(...LESSON_IDS) }),
);

describe('catalog page writer: catch-up pages', () => {
  it('after edits, deletes and resource changes in any order, the cache shows what a fresh sync of the result shows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(change, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 4 }), async (pages) => {
        const caught = await openCache();
        const fresh = await openCache();
        try {
          let seq = 0;
          const catalog = new Map<string, Lesson>(LESSON_IDS.map((id, i) => [id, lesson(id, WORDS[i]!, [resource('r1', 1)])]));
          const upserts = () => [...catalog.values()].map((l): CatalogChange => ({ seq: ++seq, kind: 'upsert', lesson: l }));
          await caught.writer.applyPage(upserts(), String(seq));
          for (const page of pages) {
            const changes = page.map((c): CatalogChange => {
              if (c.kind === 'delete') {
                catalog.delete(c.id);
                return { seq: ++seq, kind: 'delete', lessonId: c.id };
              }
              const edited = lesson(c.id, c.title, c.resources.map((r) => resource(r.id, r.size)), c.description);
              catalog.set(c.id, edited);
              return { seq: ++seq, kind: 'upsert', lesson: edited };
            });
            await caught.writer.applyPage(changes, String(seq));
          }
          await fresh.writer.applyPage(upserts(), String(seq));
          expect(await shown(caught.store)).toEqual(await shown(fresh.store));
        } finally {
          await caught.db.destroy();
          await fresh.db.destroy();
        }
      }),
      { numRuns: 25 },
    );
    // Each cache opened starts its search indexer's thread (~0.1 s).
  }, 60_000);

  it('indexes a page of edits in any order as one segment of the search index', async () => {
    const count = 90;
    const { db, writer, store } = await openCache();
    try {
      const first = Array.from({ length: count }, (_, i): CatalogChange => ({ seq: i + 1, kind: 'upsert', lesson: lesson(`e${i}`, `alma ${i}`) }));
      await writer.applyPage(first, String(count));
      expect(await store.list('alma')).toHaveLength(count);
      const segments = () =>
        withSqlite(db, (sqlite) => sqlite.prepare<[], { n: number }>('SELECT count(DISTINCT segid) AS n FROM lesson_search_idx').get()!.n);
      const before = await segments();
      // Descending: every edit's search rowid is below the one before it. FTS5
      // flushes a segment whenever a rowid goes down: the indexer sorts them.
      const edits = Array.from({ length: count }, (_, i): CatalogChange => ({
        seq: count + 1 + i,
        kind: 'upsert',
        lesson: lesson(`e${count - 1 - i}`, `armud ${count - 1 - i}`),
      }));
      await writer.applyPage(edits, String(2 * count));
      expect((await store.list('armud')).length).toBe(count);
      expect(await store.list('alma')).toEqual([]);
      expect(await segments()).toBe(before + 1);
    } finally {
      await db.destroy();
    }
  });
});

describe('catalog page writer: a lesson\'s resources', () => {
  it('are left alone by an edit that keeps them, and written again when they change', async () => {
    const { db, writer, store } = await openCache();
    try {
      const rows = () =>
        withSqlite(db, (sqlite) => sqlite.prepare(`SELECT rowid, id FROM lesson_resources WHERE lesson_id = 'l0' ORDER BY position`).all());
      // l1's rows come after l0's, so rows of l0 written again get new rowids.
      const first: CatalogChange[] = [
        { seq: 1, kind: 'upsert', lesson: lesson('l0', 'alma', [resource('r1', 1), resource('r2', 2)]) },
        { seq: 2, kind: 'upsert', lesson: lesson('l1', 'kitab', [resource('r3', 3)]) },
      ];
      await writer.applyPage(first, '2');
      const written = await rows();
      await writer.applyPage([{ seq: 3, kind: 'upsert', lesson: lesson('l0', 'armud', [resource('r1', 1), resource('r2', 2)]) }], '3');
      expect(await rows()).toEqual(written);
      await writer.applyPage([{ seq: 4, kind: 'upsert', lesson: lesson('l0', 'armud', [resource('r2', 2), resource('r1', 1)]) }], '4');
      expect(await rows()).not.toEqual(written);
      expect((await store.lesson('l0'))?.resources.map((r) => r.id)).toEqual(['r2', 'r1']);
    } finally {
      await db.destroy();
    }
  });
});

describe('catalog page writer: lessons cached before the resources digest (migration 0011)', () => {
  it('applies their edits like any other and stores the digest', async () => {
    const { db, writer, store } = await openCache();
    const fresh = await openCache();
    try {
      const before = [
        lesson('l0', 'alma', [resource('r1', 1), resource('r2', 2)]),
        lesson('l1', 'armud', [resource('r1', 1)]),
        lesson('l2', 'kitab', [resource('r1', 1), resource('r2', 2)]),
        lesson('l3', 'dəniz'),
      ];
      await writer.applyPage(before.map((l, i) => ({ seq: i + 1, kind: 'upsert', lesson: l })), '4');
      await withSqlite(db, (sqlite) => sqlite.prepare('UPDATE lessons SET resources_digest = NULL').run());
      const after = [
        lesson('l0', 'alma yeni', [resource('r1', 1), resource('r2', 2)]), // the same resources
        lesson('l1', 'armud', [resource('r1', 3)]), // a size
        lesson('l2', 'kitab', [resource('r2', 2), resource('r1', 1)]), // the order
        lesson('l3', 'dəniz', [resource('r3', 1)]), // one added
      ];
      await writer.applyPage(after.map((l, i) => ({ seq: i + 5, kind: 'upsert', lesson: l })), '8');
      await fresh.writer.applyPage(after.map((l, i) => ({ seq: i + 5, kind: 'upsert', lesson: l })), '8');
      expect(await shown(store)).toEqual(await shown(fresh.store));
      const digests = (cache: CacheDb) =>
        withSqlite(cache, (sqlite) => sqlite.prepare('SELECT id, resources_digest FROM lessons ORDER BY id').all());
      const stored = await digests(db);
      expect(stored).toEqual(await digests(fresh.db));
      expect(stored).not.toContainEqual(expect.objectContaining({ resources_digest: null }));
    } finally {
      await db.destroy();
      await fresh.db.destroy();
    }
  });
});

describe('catalog page writer: a first sync (bulk load)', () => {
  // Enough lessons for runs of new ones to go in many rows to a statement.
  const ids = Array.from({ length: 70 }, (_, i) => `b${String(i).padStart(2, '0')}`);
  // A page names a lesson once (one feed row per lesson); a lesson edited
  // while the sync runs comes again in a later page, and one may be deleted.
  const page = fc.uniqueArray(
    fc.record({ id: fc.constantFrom(...ids), deleted: fc.integer({ min: 0, max: 19 }).map((n) => n === 0), title, resources }),
    { selector: (c) => c.id, minLength: 40, maxLength: 70 },
  );

  it('loads pages of new, repeated and deleted lessons into what a catch-up of the same changes shows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(page, { minLength: 2, maxLength: 4 }), async (pages) => {
        const bulk = await openCache();
        const fresh = await openCache();
        try {
          let seq = 0;
          const catalog = new Map<string, Lesson>();
          await bulk.writer.startSync();
          await bulk.writer.startBulkLoad();
          for (const entries of pages) {
            const changes = entries.map((c): CatalogChange => {
              if (c.deleted) {
                catalog.delete(c.id);
                return { seq: ++seq, kind: 'delete', lessonId: c.id };
              }
              const written = lesson(c.id, c.title, c.resources.map((r) => resource(r.id, r.size)));
              catalog.set(c.id, written);
              return { seq: ++seq, kind: 'upsert', lesson: written };
            });
            await bulk.writer.applyPage(changes, String(seq));
          }
          await bulk.writer.tidy();
          await fresh.writer.applyPage([...catalog.values()].map((l) => ({ seq: ++seq, kind: 'upsert', lesson: l })), String(seq));
          expect(await shown(bulk.store, ids)).toEqual(await shown(fresh.store, ids));
        } finally {
          await bulk.db.destroy();
          await fresh.db.destroy();
        }
      }),
      { numRuns: 20 },
    );
    // Each cache opened starts its search indexer's thread (~0.1 s).
  }, 60_000);
});
