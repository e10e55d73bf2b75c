import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { CATALOG_PAGE_HEAD, CatalogChangesPage, checker } from '@sinif/shared';
import { deleteLesson, upsertLesson } from '../../src/catalog/catalog-writer.ts';
import { bearer, signIn, startTempServer, type TempServer } from '../support/temp-server.ts';

let server: TempServer;
let token: string;
beforeAll(async () => {
  server = await startTempServer();
  token = await signIn(server, 'student1');
});
afterAll(async () => {
  await server.dispose();
});

async function page(after?: string, limit?: number): Promise<CatalogChangesPage> {
  const query = new URLSearchParams();
  if (after !== undefined) query.set('after', after);
  if (limit !== undefined) query.set('limit', String(limit));
  const response = await fetch(`${server.url}/api/v1/catalog/changes?${query}`, { headers: bearer(token) });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  // The page is JSON built by SQLite (catalogPageJson): hold it to the
  // contract, and to its layout of one change per line (CATALOG_PAGE_HEAD).
  const text = await response.text();
  const body = JSON.parse(text) as CatalogChangesPage;
  expect(pageContract.problems(body)).toEqual([]);
  const lines = text.split('\n');
  expect(lines[0]).toBe(CATALOG_PAGE_HEAD);
  expect(lines.slice(1, -1).map((line, i, all) => JSON.parse(i < all.length - 1 ? line.replace(/,$/, '') : line) as unknown)).toEqual(body.changes);
  expect(JSON.parse(`{${lines.at(-1)!.replace(/^\],/, '')}`)).toEqual({ cursor: body.cursor, hasMore: body.hasMore });
  return body;
}
const pageContract = checker(CatalogChangesPage);

async function drain(after: string, limit: number): Promise<{ pages: CatalogChangesPage[]; cursor: string }> {
  const pages: CatalogChangesPage[] = [];
  let cursor = after;
  for (;;) {
    const next = await page(cursor, limit);
    pages.push(next);
    cursor = next.cursor;
    if (!next.hasMore) return { pages, cursor };
  }
}

const lesson = (id: string, title: string) => ({
  id, title, description: 'test', subject: 'Test', grade: 5, language: 'en' as const, resources: [],
});

describe('catalog change feed', () => {
  it('pages through the seeded demo library in seq order with exact cursors', async () => {
    const { pages, cursor } = await drain('0', 3);
    expect(pages.map((p) => p.changes.map((c) => c.seq))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(pages.map((p) => [p.cursor, p.hasMore])).toEqual([['3', true], ['6', true], ['7', false]]);
    expect(cursor).toBe('7');
    const languages = new Set(pages.flatMap((p) => p.changes.map((c) => (c.kind === 'upsert' ? c.lesson.language : ''))));
    expect(languages).toEqual(new Set(['az', 'hy', 'ru', 'en']));
    expect(await page('7')).toEqual({ changes: [], cursor: '7', hasMore: false });
  });

  it('uses the default page size when no limit is given', async () => {
    const first = await page();
    expect(first.changes).toHaveLength(7);
    expect(first.hasMore).toBe(false);
  });

  it('turns a deleted lesson into one delete change with a new seq', async () => {
    const before = (await page()).cursor;
    const seq = await deleteLesson(server.app.store, 'demo-en-saving-files');
    expect(seq).toBe(Number(before) + 1);
    expect(await deleteLesson(server.app.store, 'demo-en-saving-files')).toBeNull();
    expect(await deleteLesson(server.app.store, 'no-such-lesson')).toBeNull();

    const after = await page(before);
    expect(after.changes).toEqual([{ seq, kind: 'delete', lessonId: 'demo-en-saving-files' }]);
    // A client starting from scratch sees the tombstone, never the old upsert.
    const all = (await drain('0', 2)).pages.flatMap((p) => p.changes);
    expect(all.filter((c) => (c.kind === 'delete' ? c.lessonId : c.lesson.id) === 'demo-en-saving-files')).toEqual([
      { seq, kind: 'delete', lessonId: 'demo-en-saving-files' },
    ]);
  });

  it('moves an edited lesson after the cursor so a client mid-sync still gets its newest state', async () => {
    const first = await page('0', 2); // a client has seen seq 1 and 2, then pauses
    await upsertLesson(server.app.store, { ...lesson('demo-az-sekil-cekmek', 'Şəkil çəkmək (yeni)'), language: 'az' });
    await upsertLesson(server.app.store, lesson('new-lesson', 'Brand new'));

    const rest = (await drain(first.cursor, 2)).pages.flatMap((p) => p.changes);
    const seqs = rest.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.every((s) => s > Number(first.cursor))).toBe(true);
    const edited = rest.find((c) => c.kind === 'upsert' && c.lesson.id === 'demo-az-sekil-cekmek');
    expect(edited?.kind === 'upsert' && edited.lesson.title).toBe('Şəkil çəkmək (yeni)');
    expect(rest.at(-1)).toMatchObject({ kind: 'upsert', lesson: { id: 'new-lesson' } });
  });

  it('lists a page in seq order when that is not the order of the lessons, and says hasMore only when a change follows', async () => {
    const before = (await page()).cursor;
    const ids = Array.from({ length: 40 }, (_, i) => `order-${String(i).padStart(2, '0')}`);
    for (const id of ids) await upsertLesson(server.app.store, lesson(id, `${id} first`));
    // Edited and deleted in the reverse order: each moves to a new seq, so the
    // feed's order is now the opposite of the order the lessons were stored in.
    const reversed = [...ids].reverse();
    for (const id of reversed) {
      if (id.endsWith('7')) await deleteLesson(server.app.store, id);
      else await upsertLesson(server.app.store, lesson(id, `${id} second`));
    }
    const all = await page(before, 1000);
    expect(all.hasMore).toBe(false);
    expect(all.changes.map((c) => (c.kind === 'delete' ? `-${c.lessonId}` : c.lesson.title))).toEqual(
      reversed.map((id) => (id.endsWith('7') ? `-${id}` : `${id} second`)),
    );
    const seqs = all.changes.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(all.cursor).toBe(String(seqs.at(-1)));

    expect(await page(before, 40)).toMatchObject({ cursor: all.cursor, hasMore: false });
    const short = await page(before, 39);
    expect(short).toMatchObject({ cursor: String(seqs.at(-2)), hasMore: true });
    expect(await page(short.cursor, 39)).toMatchObject({ changes: [all.changes.at(-1)], cursor: all.cursor, hasMore: false });
  });

  it('brings a deleted lesson back with an upsert when it is written again', async () => {
    const before = (await page()).cursor;
    await upsertLesson(server.app.store, lesson('demo-en-saving-files', 'Saving files, again'));
    const after = await page(before);
    expect(after.changes).toMatchObject([{ kind: 'upsert', lesson: { id: 'demo-en-saving-files', title: 'Saving files, again' } }]);
  });

  it('keeps one change per line when lesson texts hold line breaks, stored or built as the feed reads', async () => {
    const before = (await page()).cursor;
    const breaks = 'one\ntwo\r\nthree\u2028four\u2029five';
    await upsertLesson(server.app.store, { ...lesson('lines-stored', `Title ${breaks}`), description: breaks });
    await upsertLesson(server.app.store, lesson('lines-built', 'Built'));
    // Plain SQL clears the stored feed text (migration 0008's triggers): the feed builds it as it reads.
    await sql`UPDATE lessons SET description = ${breaks} WHERE id = 'lines-built'`.execute(server.app.store);
    const cleared = await sql<{ feed_json: string | null }>`SELECT feed_json FROM lessons WHERE id = 'lines-built'`.execute(server.app.store);
    expect(cleared.rows[0]?.feed_json).toBeNull();
    const after = await page(before);
    expect(after.changes.map((c) => c.kind === 'upsert' && [c.lesson.id, c.lesson.description])).toEqual([
      ['lines-stored', breaks],
      ['lines-built', breaks],
    ]);
  });

  it('gzips a page only for a client that asks', async () => {
    const url = `${server.url}/api/v1/catalog/changes?limit=1000`;
    const answers = await Promise.all(
      ['identity', 'gzip', 'gzip;q=0', 'br, gzip;q=0.5'].map(async (accept) => {
        const response = await fetch(url, { headers: { ...bearer(token), 'accept-encoding': accept } });
        expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
        const wire = Number(response.headers.get('content-length'));
        const body = Buffer.from(await response.arrayBuffer()); // fetch inflates a gzipped answer
        return { encoding: response.headers.get('content-encoding'), smaller: wire < body.length, page: JSON.parse(body.toString('utf8')) as unknown };
      }),
    );
    expect(answers.map((a) => [a.encoding, a.smaller])).toEqual([[null, false], ['gzip', true], [null, false], ['gzip', true]]);
    expect(new Set(answers.map((a) => JSON.stringify(a.page))).size).toBe(1);
  });

  it('refuses a limit above the maximum or a cursor that is not a number', async () => {
    for (const query of ['limit=0', 'limit=1001', 'after=-1', 'after=1e3', 'other=1']) {
      const response = await fetch(`${server.url}/api/v1/catalog/changes?${query}`, { headers: bearer(token) });
      expect(response.status, query).toBe(400);
    }
  });
});
