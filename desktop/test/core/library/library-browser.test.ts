import { randomBytes } from 'node:crypto';
import type { LibraryLesson, Lesson } from '@sinif/shared';
import { describe, expect, it } from 'vitest';
import { upsertLesson } from '../../../../server/src/catalog/catalog-writer.ts';
import type { DesktopCore } from '../../../src/core/desktop-core.ts';
import { eventually } from '../../support/demo-server.ts';
import { demoLabWithCores, failureOf } from '../../support/desktop-cores.ts';
import { sha256Of } from '../../support/content-fixture.ts';

const lab = demoLabWithCores();
const student = () => lab.server.demo.students[0]!;

async function synced(core: DesktopCore): Promise<void> {
  await core['library.sync']({});
  await core.syncSettled();
}

async function all(core: DesktopCore, filter: Parameters<DesktopCore['library.browse']>[0] = {}): Promise<LibraryLesson[]> {
  return (await core['library.browse']({ ...filter, limit: 100 })).lessons;
}

/** A lesson whose files the server announces but holds only once `store()` is called (a file still uploading, say). */
function withheldLesson(id: string, sizes: number[]) {
  const files = sizes.map((size) => new Uint8Array(randomBytes(size)));
  const resources: Lesson['resources'] = files.map((bytes, i) => ({
    id: `r${i}`,
    name: `part-${i}.bin`,
    mediaType: 'application/octet-stream',
    size: bytes.byteLength,
    sha256: sha256Of(bytes),
  }));
  return {
    resources,
    publish: () =>
      upsertLesson(lab.server.app.store, { id, title: `Withheld ${id}`, description: '', subject: 'Fizika', grade: 8, language: 'az', resources }),
    store: (index: number) => lab.server.app.content.put(files[index]!),
  };
}

describe('library browser: facets, filters and search over the cached catalog', () => {
  it('counts the demo library by subject, grade and language, each facet ignoring its own filter', async () => {
    const core = await lab.cores.signedIn(student(), 'PC-21');
    await synced(core);
    const everything = await core['library.facets']({});
    expect(everything.total).toBe(7);
    expect(everything.languages).toEqual([
      { value: 'az', count: 2 },
      { value: 'hy', count: 2 },
      { value: 'ru', count: 2 },
      { value: 'en', count: 1 },
    ]);
    expect(everything.grades).toEqual([
      { value: 3, count: 2 },
      { value: 4, count: 2 },
      { value: 5, count: 1 },
      { value: 6, count: 1 },
      { value: 7, count: 1 },
    ]);
    expect(everything.subjects.find((s) => s.value === 'İnformatika')).toEqual({ value: 'İnformatika', count: 2 });
    expect(everything.subjects.reduce((sum, s) => sum + s.count, 0)).toBe(7);

    const azerbaijani = await core['library.facets']({ language: 'az' });
    expect(azerbaijani.total).toBe(2);
    // Choosing a language leaves the other languages countable...
    expect(azerbaijani.languages).toEqual(everything.languages);
    // ...and narrows the other facets.
    expect(azerbaijani.subjects).toEqual([{ value: 'İnformatika', count: 2 }]);
    expect(azerbaijani.grades).toEqual([
      { value: 3, count: 1 },
      { value: 6, count: 1 },
    ]);

    const gradeThree = await core['library.facets']({ grade: 3, language: 'hy' });
    expect(gradeThree.total).toBe(1);
    expect(gradeThree.subjects).toEqual([{ value: 'Բնագիտություն', count: 1 }]);
  });

  it('keeps a chosen value that matches nothing in its facet, with 0, so it can be cleared', async () => {
    const core = await lab.cores.signedIn(student(), 'PC-22');
    await synced(core);
    const facets = await core['library.facets']({ subject: 'Fizika' });
    expect(facets.total).toBe(0);
    expect(facets.subjects).toContainEqual({ value: 'Fizika', count: 0 });
    expect((await all(core, { subject: 'Fizika' })).length).toBe(0);
  });

  it('combines the search words with the filters (AND), in lists and in counts', async () => {
    const core = await lab.cores.signedIn(student(), 'PC-23');
    await synced(core);
    // "sekil" finds "Şəkil çəkmək" (grade 3) without its diacritics.
    expect((await all(core, { search: 'sekil' })).map((l) => l.id)).toEqual(['demo-az-sekil-cekmek']);
    expect((await all(core, { search: 'sekil', grade: 3 })).map((l) => l.id)).toEqual(['demo-az-sekil-cekmek']);
    expect(await all(core, { search: 'sekil', grade: 6 })).toEqual([]);
    expect(await all(core, { search: 'sekil', language: 'ru' })).toEqual([]);

    const gradeThree = await all(core, { grade: 3 });
    expect(gradeThree.map((l) => l.id).sort()).toEqual(['demo-az-sekil-cekmek', 'demo-hy-jri-shrjapttuyt']);
    const facets = await core['library.facets']({ search: 'sekil', grade: 6 });
    expect(facets.total).toBe(0);
    // The grade facet counts the search's hits by grade, so the user sees where "sekil" is.
    expect(facets.grades).toEqual([
      { value: 3, count: 1 },
      { value: 6, count: 0 },
    ]);
    // Only punctuation: nothing to look for, nothing found, nothing counted.
    expect(await all(core, { search: '%*"' })).toEqual([]);
    expect((await core['library.facets']({ search: '%*"' })).total).toBe(0);
  });

  it('pages through the library by title without gaps or repeats', async () => {
    const core = await lab.cores.signedIn(student(), 'PC-24');
    await synced(core);
    const whole = await all(core);
    const seen: string[] = [];
    let offset: number | null = 0;
    let pages = 0;
    while (offset !== null) {
      const page = await core['library.browse']({ offset, limit: 3 });
      expect(page.lessons.length).toBeLessThanOrEqual(3);
      seen.push(...page.lessons.map((l) => l.id));
      offset = page.nextOffset;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(whole.map((l) => l.id));
    expect([...whole.map((l) => l.title)]).toEqual([...whole.map((l) => l.title)].sort());
  });
});

describe('library browser: per-lesson download state', () => {
  it('goes from not downloaded and partly downloaded to available offline through library.download', async () => {
    const twoFiles = withheldLesson('withheld-two', [300_000, 200_000]);
    const oneFile = withheldLesson('withheld-one', [150_000]);
    await twoFiles.publish();
    await oneFile.publish();
    twoFiles.store(0); // the second file and oneFile's only file are not on the server yet
    const core = await lab.cores.signedIn(student(), 'PC-25');
    await synced(core);
    expect((await core['library.status']({})).state).toBe('error');

    const stateOf = async (id: string) => (await all(core, { subject: 'Fizika' })).find((l) => l.id === id)!;
    expect(await stateOf('withheld-two')).toMatchObject({ downloadState: 'partial', sizeBytes: 500_000, downloadedBytes: 300_000, availableOffline: false });
    expect(await stateOf('withheld-one')).toMatchObject({ downloadState: 'none', sizeBytes: 150_000, downloadedBytes: 0 });
    expect((await all(core, { language: 'en' }))[0]).toMatchObject({ downloadState: 'offline', availableOffline: true });

    // Still missing on the server: the download fails and says why, and stays listed.
    expect(await core['library.download']({ lessonId: 'withheld-one' })).toMatchObject({ state: 'downloading', bytesDone: 0, bytesTotal: 150_000 });
    await core.downloadsSettled();
    const [failed] = (await core['library.downloads']({})).downloads;
    expect(failed).toMatchObject({ lessonId: 'withheld-one', state: 'failed', bytesDone: 0, error: { code: 'NOT_FOUND' } });

    twoFiles.store(1);
    oneFile.store(0);
    const started = await core['library.download']({ lessonId: 'withheld-two' });
    // What is already verified counts as done from the start.
    expect(started).toEqual({ lessonId: 'withheld-two', state: 'downloading', bytesDone: 300_000, bytesTotal: 500_000, error: null });
    await core['library.download']({ lessonId: 'withheld-one' });
    await core.downloadsSettled();
    expect((await core['library.downloads']({})).downloads).toEqual([]);
    expect(await stateOf('withheld-two')).toMatchObject({ downloadState: 'offline', downloadedBytes: 500_000, availableOffline: true });
    expect(await stateOf('withheld-one')).toMatchObject({ downloadState: 'offline', downloadedBytes: 150_000 });
    const opened = await core['library.openLesson']({ lessonId: 'withheld-two' });
    expect(opened.resources).toHaveLength(2);
    // A lesson already offline needs nothing: the answer says so at once.
    expect(await core['library.download']({ lessonId: 'withheld-two' })).toMatchObject({ state: 'done', bytesDone: 500_000, bytesTotal: 500_000 });
  });

  it('reports a running download in library.downloads with growing bytes until it drops out', async () => {
    const big = withheldLesson('withheld-big', [8_000_000]);
    await big.publish();
    const core = await lab.cores.signedIn(student(), 'PC-26');
    await synced(core);
    big.store(0);
    await core['library.download']({ lessonId: 'withheld-big' });
    const seen: number[] = [];
    await eventually(async () => {
      const [running] = (await core['library.downloads']({})).downloads;
      if (running) {
        expect(running).toMatchObject({ lessonId: 'withheld-big', bytesTotal: 8_000_000 });
        seen.push(running.bytesDone);
        return undefined;
      }
      return true;
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect((await all(core, { subject: 'Fizika' })).find((l) => l.id === 'withheld-big')?.downloadState).toBe('offline');
  });

  it('refuses an unknown lesson (LESSON_NOT_FOUND) and a download before sign-in (NOT_SIGNED_IN)', async () => {
    const core = await lab.cores.signedIn(student(), 'PC-27');
    expect((await failureOf(core['library.download']({ lessonId: 'no-such-lesson' }))).code).toBe('LESSON_NOT_FOUND');
    expect((await failureOf(core['library.pin']({ lessonId: 'no-such-lesson', pinned: true }))).code).toBe('LESSON_NOT_FOUND');
    const fresh = await lab.cores.open();
    expect((await failureOf(fresh['library.download']({ lessonId: 'demo-en-saving-files' }))).code).toBe('NOT_ENROLLED');
    await core['session.signOut']({});
    expect((await failureOf(core['library.download']({ lessonId: 'demo-en-saving-files' }))).code).toBe('NOT_SIGNED_IN');
  });

  it('pins a lesson for offline use and shows it pinned in the list', async () => {
    const core = await lab.cores.signedIn(student(), 'PC-28');
    await synced(core);
    expect(await core['library.pin']({ lessonId: 'demo-ru-chto-takoe-algoritm', pinned: true })).toEqual({
      lessonId: 'demo-ru-chto-takoe-algoritm',
      pinned: true,
    });
    const pinned = (await all(core, { language: 'ru' })).filter((l) => l.pinned).map((l) => l.id);
    expect(pinned).toEqual(['demo-ru-chto-takoe-algoritm']);
    await core['library.pin']({ lessonId: 'demo-ru-chto-takoe-algoritm', pinned: false });
    expect((await all(core)).some((l) => l.pinned)).toBe(false);
  });
});
