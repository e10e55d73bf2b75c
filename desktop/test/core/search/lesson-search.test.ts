import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CatalogChange, Lesson } from '@sinif/shared';
import { CatalogPageWriter } from '../../../src/core/cache/catalog-page-writer.ts';
import { openCacheDb, type CacheDb } from '../../../src/core/cache/database.ts';
import { LessonStore } from '../../../src/core/cache/lesson-store.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
let db: CacheDb;
let writer: CatalogPageWriter;
let store: LessonStore;
let seq = 0;

function lesson(id: string, title: string, extra: Partial<Lesson> = {}): Lesson {
  return { id, title, description: '', subject: 'Ümumi', grade: 5, language: 'az', updatedAt: '2026-01-01T00:00:00Z', resources: [], ...extra };
}
const upsert = (l: Lesson): CatalogChange => ({ seq: ++seq, kind: 'upsert', lesson: l });
const apply = (...changes: CatalogChange[]) => writer.applyPage(changes, String(seq));
const ids = async (search?: string) => (await store.list(search)).map((l) => l.id);

beforeAll(async () => {
  db = await openCacheDb(await dirs.make());
  writer = new CatalogPageWriter(db);
  store = new LessonStore(db);
  await apply(
    upsert(lesson('az-sekil', 'Şəkil çəkmək', { subject: 'İncəsənət' })),
    upsert(lesson('az-komp', 'Kompüter və proqramlar', { subject: 'İnformatika' })),
    upsert(lesson('ru-drob', 'ДРОБИ И ДОЛИ', { subject: 'Математика', language: 'ru' })),
    upsert(lesson('hy-math', 'Մաթեմատիկա սկսնակների համար', { subject: 'Մաթեմատիկա', language: 'hy' })),
    upsert(lesson('en-desc', 'Colours', { description: 'We draw a şəkil of the sea', language: 'en' })),
    upsert(lesson('en-title', 'Sekil and shapes', { language: 'en' })),
  );
});
afterAll(async () => {
  await db.destroy();
  await dirs.cleanup();
});

describe('library search (FTS5 over folded text)', () => {
  it('finds "Şəkil" when typed without Azerbaijani letters: "sekil"', async () => {
    expect(await ids('sekil')).toEqual(expect.arrayContaining(['az-sekil', 'en-desc', 'en-title']));
  });

  it('finds "Kompüter" for "KOMPÜTER" and for "komputer"', async () => {
    expect(await ids('KOMPÜTER')).toEqual(['az-komp']);
    expect(await ids('komputer')).toEqual(['az-komp']);
  });

  it('matches Cyrillic and Armenian regardless of case', async () => {
    expect(await ids('дроби')).toEqual(['ru-drob']);
    expect(await ids('ՄԱԹԵՄԱՏԻԿԱ')).toEqual(['hy-math']);
  });

  it('matches word prefixes: "şək" finds "şəkil", "çək" finds "çəkmək"', async () => {
    expect(await ids('şək')).toContain('az-sekil');
    expect(await ids('çək')).toEqual(['az-sekil']);
  });

  it('ANDs the words of a search', async () => {
    expect(await ids('sekil inc')).toEqual(['az-sekil']);
  });

  it('ranks a title match above the same word in a description', async () => {
    const ranked = await ids('sekil');
    expect(ranked.indexOf('en-desc')).toBeGreaterThan(ranked.indexOf('en-title'));
    expect(ranked.indexOf('en-desc')).toBeGreaterThan(ranked.indexOf('az-sekil'));
  });

  it('lists every lesson by title for an empty or blank search', async () => {
    expect((await ids()).length).toBe(6);
    expect((await ids('')).length).toBe(6);
    expect(await ids('  ')).toEqual(await ids());
  });

  it('never fails on FTS query syntax typed by a user', async () => {
    for (const text of ['"', '""', 'AND', 'a OR', 'NEAR(', '*', '-x', '^', 'title:x', '(', ')', "'", '\\', '%', '_']) {
      await expect(store.list(text)).resolves.toBeInstanceOf(Array);
    }
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40, unit: 'grapheme' }), async (text) => {
        expect(Array.isArray(await store.list(text))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the index in step with upserts and deletes in the same page transaction', async () => {
    await apply(upsert(lesson('tmp', 'Qığılcım təcrübəsi')));
    expect(await ids('qigilcim')).toEqual(['tmp']);
    await apply(upsert(lesson('tmp', 'Maqnit təcrübəsi')));
    expect(await ids('qigilcim')).toEqual([]);
    expect(await ids('maqnit')).toEqual(['tmp']);
    await apply({ seq: ++seq, kind: 'delete', lessonId: 'tmp' });
    expect(await ids('maqnit')).toEqual([]);
    expect((await ids()).length).toBe(6);
  });

  it('rolls back a failing page whole: no half-applied lessons, no stray index rows', async () => {
    const before = await ids();
    const duplicateResource = { id: 'r1', name: 'a', mediaType: 'text/html', size: 1, sha256: 'a'.repeat(64) };
    const bad = apply(upsert(lesson('half', 'Yarımçıq')), upsert(lesson('bad', 'Pis', { resources: [duplicateResource, duplicateResource] })));
    await expect(bad).rejects.toThrow();
    expect(await ids()).toEqual(before);
    expect(await ids('yarimciq')).toEqual([]);
  });
});
