/**
 * POST /api/v1/admin/library/packages: a good package lands in the channel
 * (and so in subscribing schools' feeds); a bad one is rejected whole with a
 * report naming every problem, and the catalog does not change at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LessonPackageManifest, PackageImportReport, PackageProblem } from '@sinif/shared';
import { bearer, startTempServer, type TempServer } from '../support/temp-server.ts';
import { seedIdentity, type IdentityFixture } from '../support/identity-fixture.ts';
import { FeedClient } from '../support/feed-client.ts';
import { lessonPackage, packageFiles, renameEntry, sha256Of, zipOf } from '../support/lesson-package.ts';
import { importPackage } from '../../src/library-import/package-import.ts';
import { defaultPackageLimits } from '../../src/library-import/package-limits.ts';
import { spoolToTempFile } from '../../src/content/content-upload.ts';
import { Readable } from 'node:stream';
import { rmSync } from 'node:fs';

let server: TempServer;
let fx: IdentityFixture;
let token: string;
beforeAll(async () => {
  server = await startTempServer({ seedDemo: false });
  fx = await seedIdentity(server.app.store);
  token = await fx.session(fx.actors.region_admin);
});
afterAll(async () => {
  await server.dispose();
});

const post = (zip: Uint8Array, query = '?channelId=national', contentType = 'application/zip') =>
  fetch(`${server.url}/api/v1/admin/library/packages${query}`, {
    method: 'POST',
    headers: { ...bearer(token), 'content-type': contentType },
    body: zip,
  });

async function pcOfSchoolA(): Promise<FeedClient> {
  const pc = await fx.device('A');
  return new FeedClient(server.url, await fx.session(fx.actors.student, pc.id));
}

async function catalogState() {
  const db = server.app.store;
  const seq = await db.selectFrom('catalog_seq').select('last_seq').executeTakeFirstOrThrow();
  const lessons = await db.selectFrom('lessons').selectAll().orderBy('id').execute();
  const members = await db.selectFrom('channel_lessons').selectAll().orderBy('lesson_id').execute();
  const views = await db.selectFrom('school_catalog').selectAll().orderBy('seq').execute();
  return { seq: seq.last_seq, lessons, members, views };
}

/** Posts a bad package and returns its problems after checking it changed nothing. */
async function rejected(zip: Uint8Array): Promise<PackageProblem[]> {
  const before = await catalogState();
  const response = await post(zip);
  const body = (await response.json()) as { error: { code: string; details: { problems: PackageProblem[] } } };
  expect(response.status, JSON.stringify(body)).toBe(422);
  expect(body.error.code).toBe('PACKAGE_INVALID');
  expect(await catalogState()).toEqual(before);
  return body.error.details.problems;
}

const kindsAndPaths = (problems: PackageProblem[]) => problems.map((p) => [p.kind, p.path]);

describe('importing a good package', () => {
  it('publishes its lessons in the channel, stores its files by sha256 and audits the import', async () => {
    const upload = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const uploaded = await fetch(`${server.url}/api/v1/admin/content`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'image/svg+xml' },
      body: upload,
    });
    expect(uploaded.status).toBe(201);
    const { manifest, files } = packageFiles([{ id: 'pkg-kesrler', title: 'Kəsrlər', grade: 5 }, { id: 'pkg-bucaqlar', title: 'Bucaqlar', grade: 6 }]);
    manifest.lessons[0]!.resources.push({ id: 'picture', name: 'Şəkil', sha256: sha256Of(upload), mediaType: 'image/svg+xml' });
    manifest.lessons[1]!.resources[0]!.sha256 = sha256Of(files['lessons/pkg-bucaqlar.html']!);
    const zip = await zipOf({ 'manifest.json': JSON.stringify(manifest), ...files });

    const response = await post(zip);
    expect(response.status, await response.clone().text()).toBe(201);
    const report = (await response.json()) as PackageImportReport;
    expect(report).toMatchObject({ channelId: 'national', lessonIds: ['pkg-kesrler', 'pkg-bucaqlar'], files: 2, newBlobs: 2 });

    const pc = await pcOfSchoolA();
    await pc.sync();
    const kesrler = pc.lessons.get('pkg-kesrler');
    expect(kesrler?.resources).toEqual([
      { id: 'page', name: 'Dərs', mediaType: 'text/html; charset=utf-8', size: Buffer.byteLength(files['lessons/pkg-kesrler.html']!), sha256: sha256Of(files['lessons/pkg-kesrler.html']!) },
      { id: 'picture', name: 'Şəkil', mediaType: 'image/svg+xml', size: upload.length, sha256: sha256Of(upload) },
    ]);
    const page = await fetch(`${server.url}/api/v1/content/${kesrler!.resources[0]!.sha256}`, { headers: bearer(token) });
    expect(await page.text()).toBe(files['lessons/pkg-kesrler.html']);
    const audit = await server.app.store.selectFrom('audit_events').selectAll().where('action', '=', 'library.import').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ via: 'api', lessons: 2, files: 2 });

    // Importing an edited package again updates the lessons in place.
    manifest.lessons[1]!.title = 'Bucaqlar (yeni)';
    expect((await post(await zipOf({ 'manifest.json': JSON.stringify(manifest), ...files }))).status).toBe(201);
    const next = await pc.page(100);
    expect(next.changes.map((c) => (c.kind === 'upsert' ? c.lesson.title : c.lessonId)).sort()).toEqual(['Bucaqlar (yeni)', 'Kəsrlər']);
  });

  it('refuses a body that is not a zip by type with 415, and an unknown channel with 404', async () => {
    const { zip } = await lessonPackage([{}]);
    expect((await post(zip, '?channelId=national', 'application/json')).status).toBe(415);
    expect((await post(zip, '?channelId=no-such-channel')).status).toBe(404);
    expect((await post(zip, '')).status).toBe(400);
  });
});

describe('rejecting a bad package whole', () => {
  const good = () => packageFiles([{ id: 'good-lesson' }, { id: 'second-lesson' }]);
  const zipWith = (manifest: unknown, files: Record<string, string | Buffer>) => zipOf({ 'manifest.json': JSON.stringify(manifest), ...files });

  it('reports a package without manifest.json', async () => {
    const { files } = good();
    expect(kindsAndPaths(await rejected(await zipOf(files)))).toEqual([['manifestMissing', 'manifest.json']]);
  });

  it('reports manifest.json that is not JSON', async () => {
    const { files } = good();
    expect(kindsAndPaths(await rejected(await zipOf({ 'manifest.json': '{ lessons: [', ...files })))).toEqual([['manifestInvalid', '/']]);
  });

  it('reports every invalid manifest field with its path', async () => {
    const { manifest, files } = good();
    const bad = structuredClone(manifest) as unknown as { lessons: Record<string, unknown>[] };
    bad.lessons[0]!.grade = 13;
    delete bad.lessons[1]!.title;
    bad.lessons[1]!.language = 'xx';
    const paths = (await rejected(await zipWith(bad, files))).filter((p) => p.kind === 'manifestInvalid').map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['/lessons/0/grade', '/lessons/1', '/lessons/1/language']));
  });

  it('reports a referenced file missing from the zip, and a sha256-only resource the store does not hold', async () => {
    const { manifest, files } = good();
    delete files['lessons/second-lesson.html'];
    manifest.lessons[0]!.resources.push({ id: 'video', name: 'Video', sha256: sha256Of('never uploaded'), mediaType: 'video/mp4' });
    expect(kindsAndPaths(await rejected(await zipWith(manifest, files)))).toEqual([
      ['fileMissing', '/lessons/0/resources/1/sha256'],
      ['fileMissing', '/lessons/1/resources/0/file'],
    ]);
  });

  it('reports a file whose bytes do not match its declared sha256', async () => {
    const { manifest, files } = good();
    manifest.lessons[1]!.resources[0]!.sha256 = sha256Of('other bytes');
    expect(kindsAndPaths(await rejected(await zipWith(manifest, files)))).toEqual([['hashMismatch', '/lessons/1/resources/0/sha256']]);
  });

  it('reports a file larger than its media type allows', async () => {
    const { manifest, files } = good();
    const big = Buffer.alloc(16 * 1024 * 1024 + 1, 0x61);
    expect(kindsAndPaths(await rejected(await zipWith(manifest, { ...files, 'lessons/good-lesson.html': big })))).toEqual([
      ['fileTooLarge', '/lessons/0/resources/0/file'],
    ]);
  });

  it('reports a media type the library does not take, and duplicate ids', async () => {
    const { manifest, files } = good();
    manifest.lessons[0]!.resources.push({ id: 'setup', name: 'Setup', file: 'setup.exe', mediaType: 'application/x-msdownload' });
    manifest.lessons[1]!.id = 'good-lesson';
    expect(kindsAndPaths(await rejected(await zipWith(manifest, { ...files, 'setup.exe': 'MZ' })))).toEqual([
      ['mediaTypeNotAllowed', '/lessons/0/resources/1/mediaType'],
      ['duplicateId', '/lessons/1/id'],
    ]);
  });

  it('reports zip-slip entry names like ../x even when nothing references them, and a manifest path that climbs out', async () => {
    const { manifest, files } = good();
    manifest.lessons[0]!.resources.push({ id: 'evil', name: 'Evil', file: '../x.html', mediaType: 'text/html' });
    const zip = renameEntry(await zipWith(manifest, { ...files, 'zz/x.html': 'pwned' }), 'zz/x.html', '../x.html');
    expect(kindsAndPaths(await rejected(zip))).toEqual([
      ['unsafePath', '../x.html'],
      ['unsafePath', '/lessons/0/resources/1/file'],
    ]);
  });

  it('reports a body that is not a zip at all', async () => {
    expect(kindsAndPaths(await rejected(Buffer.from('this is not a zip file, just text')))).toEqual([['notAZip', '']]);
  });

  it('audits each rejection', async () => {
    const rows = await server.app.store.selectFrom('audit_events').selectAll().where('action', '=', 'library.importRejected').execute();
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(JSON.parse(rows[0]!.detail)).toMatchObject({ via: 'api', problems: 1 });
  });
});

describe('package limits', () => {
  async function importWith(zip: Buffer, limits: Partial<typeof defaultPackageLimits>) {
    const spooled = await spoolToTempFile(server.app.content, Readable.from([zip]), 1024 ** 3);
    try {
      const before = await catalogState();
      const outcome = await importPackage(server.app.store, server.app.content, spooled.path, {
        channelId: 'national',
        actor: { userId: null, ip: null, via: 'cli' },
        limits: { ...defaultPackageLimits, ...limits },
      });
      expect(await catalogState()).toEqual(before);
      return outcome.ok ? [] : kindsAndPaths(outcome.problems);
    } finally {
      rmSync(spooled.path, { force: true });
    }
  }

  it('rejects a zip with too many entries before reading them', async () => {
    const { manifest, files } = packageFiles([{}, {}, {}]);
    const zip = await zipOf({ 'manifest.json': JSON.stringify(manifest satisfies LessonPackageManifest), ...files });
    expect(await importWith(zip, { maxEntries: 3 })).toEqual([['tooManyEntries', '']]);
  });

  it('rejects a zip bomb by its total unpacked size', async () => {
    const { manifest, files } = packageFiles([{}]);
    const bomb = Buffer.alloc(2 * 1024 * 1024, 0);
    const zip = await zipOf({ 'manifest.json': JSON.stringify(manifest), ...files, 'padding.txt': bomb });
    expect(zip.length).toBeLessThan(100 * 1024);
    expect(await importWith(zip, { maxTotalUncompressedBytes: 1024 * 1024 })).toEqual([['tooLarge', '']]);
  });
});
