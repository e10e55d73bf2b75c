// `npm run bench -- library-browse`: the library browser on a national-size
// cache. 100,000 synthetic lessons go straight into a cache (the sync's page
// writer, no server), a fifth of their files are marked verified, a few
// hundred lessons pinned; then pages and facet counts are timed for filter
// and search combinations a teacher would use. Progress goes to stderr; the
// last stdout line is one JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CatalogChange, LibraryBrowseArgs, LibraryFilter } from '@sinif/shared';
import { openCacheDb, withSqlite } from '../src/core/cache/database.ts';
import { CatalogPageWriter } from '../src/core/cache/catalog-page-writer.ts';
import { browseLibrary } from '../src/core/library/library-browse.ts';
import { libraryFacets } from '../src/core/library/library-facets.ts';
import { syntheticCatalog } from './library-catalog.ts';

const LESSONS = Number(process.env.LESSONS ?? 100_000);
const RUNS = 20;
/**
 * What a click in the browser may cost: page + facets together, p99 over the
 * cases below; a one-letter search (a prefix of half the words) ranks ~50k
 * hits with bm25 and has its own bound.
 */
const targets = { pagePlusFacetsP99Ms: 150, oneLetterSearchP99Ms: 500 };

function log(message: string): void {
  process.stderr.write(`[library-browse bench] ${message}\n`);
}
const round = (ms: number) => Math.round(ms * 10) / 10;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const cases: { name: string; filter: LibraryFilter; offset?: number; oneLetter?: boolean }[] = [
  { name: 'everything', filter: {} },
  { name: 'everything, page 40', filter: {}, offset: 2000 },
  { name: 'language', filter: { language: 'az' } },
  { name: 'grade', filter: { grade: 5 } },
  { name: 'subject', filter: { subject: 'Fizika' } },
  { name: 'subject+grade+language', filter: { subject: 'Fizika', grade: 5, language: 'az' } },
  { name: 'search word', filter: { search: 'riyaziyyat' } },
  { name: 'one-letter search', filter: { search: 'ş' }, oneLetter: true },
  { name: 'one-letter search+language', filter: { search: 'ş', language: 'az' }, oneLetter: true },
  { name: 'search+grade', filter: { search: 'sekil', grade: 5 } },
  { name: 'search+language+subject', filter: { search: 'энергия', language: 'ru', subject: 'Физика' } },
  { name: 'search two words', filter: { search: 'dərs həll' } },
];

const dir = mkdtempSync(join(tmpdir(), 'sinif-browse-bench-'));
try {
  const db = await openCacheDb(dir);
  const lessons = syntheticCatalog(LESSONS);
  const writer = new CatalogPageWriter(db);
  await writer.startSync();
  for (let i = 0; i < lessons.length; i += 1000) {
    const changes: CatalogChange[] = lessons.slice(i, i + 1000).map((lesson, j) => ({ seq: i + j + 1, kind: 'upsert', lesson }));
    await writer.applyPage(changes, String(i + changes.length));
  }
  await writer.tidy();
  await withSqlite(db, (sqlite) => {
    const blob = sqlite.prepare('INSERT OR IGNORE INTO blobs (sha256, size, relative_path, verified_at, file_mtime_ms) VALUES (?, ?, ?, ?, 0)');
    const pin = sqlite.prepare('INSERT OR IGNORE INTO lesson_pins (lesson_id, pinned_at) VALUES (?, ?)');
    sqlite.transaction(() => {
      lessons.forEach((lesson, i) => {
        if (i % 5 === 0) for (const r of lesson.resources) blob.run(r.sha256, r.size, `blobs/${r.sha256}`, '2026-01-01');
        if (i % 300 === 0) pin.run(lesson.id, '2026-01-01');
      });
    })();
  });
  log(`${LESSONS} lessons cached`);

  const results: Record<string, { pageP50: number; facetsP50: number; bothP99: number; rows: number; total: number }> = {};
  const allBoth: number[] = [];
  const oneLetterBoth: number[] = [];
  for (const c of cases) {
    const page: number[] = [];
    const facets: number[] = [];
    const both: number[] = [];
    let rows = 0;
    let total = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const args: LibraryBrowseArgs = { ...c.filter, ...(c.offset ? { offset: c.offset } : {}) };
      const t0 = performance.now();
      rows = (await browseLibrary(db, args)).lessons.length;
      const t1 = performance.now();
      total = (await libraryFacets(db, c.filter)).total;
      const t2 = performance.now();
      page.push(t1 - t0);
      facets.push(t2 - t1);
      both.push(t2 - t0);
    }
    (c.oneLetter ? oneLetterBoth : allBoth).push(...both);
    results[c.name] = { pageP50: round(percentile(page, 50)), facetsP50: round(percentile(facets, 50)), bothP99: round(percentile(both, 99)), rows, total };
    log(`${c.name}: page p50 ${results[c.name]!.pageP50} ms, facets p50 ${results[c.name]!.facetsP50} ms (${rows} rows of ${total})`);
  }
  await db.destroy();
  const p99 = round(percentile(allBoth, 99));
  const oneLetterP99 = round(percentile(oneLetterBoth, 99));
  const pass = p99 <= targets.pagePlusFacetsP99Ms && oneLetterP99 <= targets.oneLetterSearchP99Ms;
  console.log(JSON.stringify({ bench: 'library-browse', lessons: LESSONS, pagePlusFacetsP99Ms: p99, oneLetterSearchP99Ms: oneLetterP99, targets, pass, cases: results }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
