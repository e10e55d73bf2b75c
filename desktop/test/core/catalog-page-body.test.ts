/**
 * A catalog page's body parsed line by line gives exactly what JSON.parse of
 * the whole body gives, however the bytes were cut into chunks; any other
 * layout is parsed whole, and a body that is not JSON is undefined.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG_PAGE_HEAD } from '@sinif/shared';
import { parseCatalogPageBody } from '../../src/core/catalog-page-body.ts';

const lesson = (id: string, title: string) => ({
  id,
  title,
  description: 'Şəkil çəkmək: «ilk dərs» — Նկարչություն, Рисование.\nSecond line "quoted" \\ back',
  subject: 'Təsviri incəsənət',
  grade: 5,
  language: 'az',
  updatedAt: '2026-12-05T09:00:00.000Z',
  resources: [{ id: 'r1', name: 'dərs.mp4', mediaType: 'video/mp4', size: 12, sha256: 'a'.repeat(64) }],
});
const changes = [
  { seq: 1, kind: 'upsert', lesson: lesson('l1', 'Həndəsə, fiqurlar') },
  { seq: 2, kind: 'delete', lessonId: 'l0' },
  { seq: 3, kind: 'upsert', lesson: lesson('l2', 'Երկրաչափություն ]},\n') },
];

/** A page as the server lays it out (CATALOG_PAGE_HEAD). */
function serverLayout(pageChanges: readonly unknown[], tail = '"cursor":"3","hasMore":true'): string {
  const lines = pageChanges.map((c) => JSON.stringify(c)).join(',\n');
  return `${CATALOG_PAGE_HEAD}\n${lines}${lines ? '\n' : ''}],${tail}}`;
}

/** `text` as UTF-8 cut into chunks at `cuts` (byte offsets). */
function chunked(text: string, cuts: readonly number[]): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const ends = [...cuts.filter((c) => c > 0 && c < bytes.length), bytes.length];
  let from = 0;
  return ends.map((end) => {
    const chunk = bytes.slice(from, end);
    from = end;
    return chunk;
  });
}

describe('parseCatalogPageBody', () => {
  it('parses the server layout into the same value as JSON.parse, cut into chunks anywhere', () => {
    const body = serverLayout(changes);
    const expected: unknown = JSON.parse(body);
    const length = new TextEncoder().encode(body).length;
    // Every single cut, including inside multi-byte characters and at each newline.
    for (let cut = 0; cut <= length; cut++) expect(parseCatalogPageBody(chunked(body, [cut]))).toEqual(expected);
    // Many small chunks, so lines span several of them.
    expect(parseCatalogPageBody(chunked(body, Array.from({ length }, (_, i) => i * 7)))).toEqual(expected);
  });

  it('parses a page without changes, and a last line that repeats a key as JSON does (the last one wins)', () => {
    expect(parseCatalogPageBody(chunked(serverLayout([], '"cursor":"9","hasMore":false'), []))).toEqual({
      changes: [],
      cursor: '9',
      hasMore: false,
    });
    const repeated = serverLayout(changes, '"cursor":"3","hasMore":true,"changes":[]');
    expect(parseCatalogPageBody(chunked(repeated, [40]))).toEqual(JSON.parse(repeated));
    expect(parseCatalogPageBody(chunked(repeated, [40]))).toMatchObject({ changes: [] });
  });

  it('decodes bytes that are not UTF-8 as the whole body would (U+FFFD), wherever the chunks are cut', () => {
    const [head, rest] = serverLayout(changes).split('Həndəsə');
    const bytes = Buffer.concat([Buffer.from(head!), Buffer.from([0xe2, 0x82, 0x41, 0xc3]), Buffer.from(`Həndəsə${rest!}`)]);
    const expected: unknown = JSON.parse(bytes.toString('utf8'));
    expect(JSON.stringify(expected)).toContain('\uFFFD');
    for (let cut = 0; cut <= bytes.length; cut += 5) {
      expect(parseCatalogPageBody([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(expected);
    }
  });

  it('parses any other JSON layout whole', () => {
    const page = { changes, cursor: '3', hasMore: false };
    for (const body of [JSON.stringify(page), JSON.stringify(page, null, 2)]) {
      expect(parseCatalogPageBody(chunked(body, [5, 100]))).toEqual(page);
    }
    // The head and tail lines, but two changes on one line.
    const twoOnALine = `${CATALOG_PAGE_HEAD}\n${JSON.stringify(changes[0])},${JSON.stringify(changes[1])}\n],"cursor":"2","hasMore":true}`;
    expect(parseCatalogPageBody(chunked(twoOnALine, []))).toEqual(JSON.parse(twoOnALine));
  });

  it('gives undefined for a body JSON.parse refuses, even when each line parses', () => {
    const one = JSON.stringify(changes[0]);
    const two = JSON.stringify(changes[1]);
    const refused = [
      `${CATALOG_PAGE_HEAD}\n${one}\n${two}\n],"cursor":"2","hasMore":true}`, // no comma between changes
      `${CATALOG_PAGE_HEAD}\n${one},\n${two},\n],"cursor":"2","hasMore":true}`, // a comma after the last
      `${CATALOG_PAGE_HEAD}\n${one}\n],"cursor":"2","hasMore":true`, // cut short
      `${CATALOG_PAGE_HEAD}\n${one}\n],}`,
      '',
      '<html>Bad gateway</html>',
    ];
    for (const body of refused) {
      expect(() => JSON.parse(body)).toThrow(SyntaxError);
      expect(parseCatalogPageBody(chunked(body, [3]))).toBeUndefined();
    }
  });

  it('agrees with JSON.parse on thousands of damaged pages', () => {
    // Seeded, so a failure repeats: one to three edits of the server layout,
    // each deleting a character or inserting one the layout hinges on.
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    // Values that are not changes too: JSON.parse takes any value, and a
    // line `12` must not pass for `12,` with its comma cut off.
    const originals = [serverLayout(changes), serverLayout([changes[0], 12, 'x,', true, null])];
    const hinges = [',', '\n', ']', '}', '{', '"', ' ', '[', ':'];
    for (let trial = 0; trial < 4000; trial++) {
      let body = originals[trial % 2]!;
      for (let edits = 1 + next(3); edits > 0; edits--) {
        const at = next(body.length + 1);
        body = next(2) === 0 ? body.slice(0, at) + body.slice(at + 1) : body.slice(0, at) + hinges[next(hinges.length)]! + body.slice(at);
      }
      let expected: unknown;
      try {
        expected = JSON.parse(body);
      } catch {
        expected = undefined;
      }
      expect(parseCatalogPageBody(chunked(body, [next(body.length)]))).toEqual(expected);
    }
  });
});
