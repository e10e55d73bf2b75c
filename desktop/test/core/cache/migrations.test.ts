import { afterEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { openCacheDb, openRawCacheDb } from '../../../src/core/cache/database.ts';
import { CacheSchemaTooNewError, migrateCache } from '../../../src/core/cache/migrate.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

async function tables(db: Kysely<unknown>): Promise<string[]> {
  const rows = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`.execute(db);
  return rows.rows.map((r) => r.name);
}

describe('cache migrations', () => {
  it('0001-initial creates the enrolment, session, catalog, blob and sync tables', async () => {
    const db = openRawCacheDb(await dirs.make()) as unknown as Kysely<unknown>;
    await migrateCache(db, '0001-initial');
    expect(await tables(db)).toEqual(
      expect.arrayContaining(['blobs', 'device', 'lesson_resources', 'lessons', 'session', 'sync_state']),
    );
    await db.destroy();
  });

  it('0002-blob-mtime keeps existing blob rows and marks them for re-verification (mtime NULL)', async () => {
    const dir = await dirs.make();
    const db = openRawCacheDb(dir) as unknown as Kysely<unknown>;
    await migrateCache(db, '0001-initial');
    await sql`INSERT INTO blobs (sha256, size, relative_path, verified_at) VALUES ('ab', 3, 'blobs/ab/ab', '2026-01-01T00:00:00Z')`.execute(db);
    await migrateCache(db, '0002-blob-mtime');
    const rows = await sql<{ sha256: string; size: number; file_mtime_ms: number | null }>`SELECT sha256, size, file_mtime_ms FROM blobs`.execute(db);
    expect(rows.rows).toEqual([{ sha256: 'ab', size: 3, file_mtime_ms: null }]);
    await db.destroy();
  });

  it('refuses a cache written by a newer app version with CacheSchemaTooNewError', async () => {
    const dir = await dirs.make();
    const db = await openCacheDb(dir);
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999-from-the-future', '2030-01-01T00:00:00Z')`.execute(db);
    await db.destroy();
    const error = await openCacheDb(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CacheSchemaTooNewError);
    expect((error as CacheSchemaTooNewError).code).toBe('CACHE_SCHEMA_TOO_NEW');
  });

  it('opens an up-to-date cache again without changes', async () => {
    const dir = await dirs.make();
    await (await openCacheDb(dir)).destroy();
    const db = await openCacheDb(dir);
    const names = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
    expect(names.rows.map((r) => r.name)).toEqual(['0001-initial', '0002-blob-mtime']);
    await db.destroy();
  });
});
