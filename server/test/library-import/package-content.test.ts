/**
 * A lesson package adds files to the content store only when it is imported:
 * a rejected package (one bad file among good new ones) leaves content/
 * exactly as it was, and so does an import whose catalog write fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sql } from 'kysely';
import { bearer, startTempServer, type TempServer } from '../support/temp-server.ts';
import { seedIdentity } from '../support/identity-fixture.ts';
import { packageFiles, sha256Of, zipOf } from '../support/lesson-package.ts';

let server: TempServer;
let token: string;
beforeAll(async () => {
  server = await startTempServer({ seedDemo: false });
  const fx = await seedIdentity(server.app.store);
  token = await fx.session(fx.actors.region_admin);
});
afterAll(async () => {
  await server.dispose();
});

/** Every file under content/ (blobs, temp files, .incoming), relative, sorted. */
function contentFiles(): string[] {
  const root = join(server.dataDir, 'content');
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

const post = (zip: Uint8Array) =>
  fetch(`${server.url}/api/v1/admin/library/packages?channelId=national`, {
    method: 'POST',
    headers: { ...bearer(token), 'content-type': 'application/zip' },
    body: zip,
  });

describe('lesson package files in the content store', () => {
  it('a package rejected for one bad file stores none of its good new files', async () => {
    const { manifest, files } = packageFiles([{ id: 'all-new-1' }, { id: 'all-new-2' }, { id: 'all-new-3' }]);
    manifest.lessons[2]!.resources[0]!.sha256 = sha256Of('not these bytes');
    const before = contentFiles();

    const response = await post(await zipOf({ 'manifest.json': JSON.stringify(manifest), ...files }));

    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('PACKAGE_INVALID');
    expect(contentFiles()).toEqual(before);
    for (const page of Object.values(files)) expect(contentFiles().some((f) => f.endsWith(sha256Of(page)))).toBe(false);
  });

  it('an import whose catalog write fails changes no lesson and keeps every file a lesson uses', async () => {
    const { manifest: first, files: firstFiles } = packageFiles([{ id: 'kept-lesson', page: '<h1>shared page</h1>' }]);
    expect((await post(await zipOf({ 'manifest.json': JSON.stringify(first), ...firstFiles }))).status).toBe(201);
    const before = contentFiles();
    const { manifest, files } = packageFiles([{ id: 'doomed-1', page: '<h1>shared page</h1>' }, { id: 'doomed-2', page: '<h1>brand new page</h1>' }]);
    // A real failure of the store, not of our code: SQLite itself refuses the write.
    await sql`CREATE TRIGGER refuse_lessons BEFORE INSERT ON lessons BEGIN SELECT RAISE(ABORT, 'store refuses'); END`.execute(server.app.store);
    try {
      const response = await post(await zipOf({ 'manifest.json': JSON.stringify(manifest), ...files }));
      expect(response.status).toBe(500);
    } finally {
      await sql`DROP TRIGGER refuse_lessons`.execute(server.app.store);
    }
    // Files it added may stay (another import may count on them); none that was there went.
    expect(contentFiles()).toEqual(expect.arrayContaining(before));
    expect(contentFiles().some((f) => f.endsWith(sha256Of('<h1>shared page</h1>')))).toBe(true);
    const doomed = await server.app.store.selectFrom('lessons').select('id').where('id', 'in', ['doomed-1', 'doomed-2']).execute();
    expect(doomed).toEqual([]);
  });
});
