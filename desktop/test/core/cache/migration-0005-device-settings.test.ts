import { afterEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { openRawCacheDb } from '../../../src/core/cache/database.ts';
import { migrateCache } from '../../../src/core/cache/migrate.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const settingsRow = (columns: string) => sql.raw(`INSERT INTO device_settings ${columns}`);

describe('cache migration 0005-device-settings', () => {
  it('adds an empty one-row settings table, keeps blobs and pins, and refuses a half-set window or a second row', async () => {
    const db = openRawCacheDb(await dirs.make()) as unknown as Kysely<unknown>;
    await migrateCache(db, '0004-lesson-pins');
    await sql`INSERT INTO blobs (sha256, size, relative_path, verified_at) VALUES ('ab', 3, 'blobs/ab/ab', '2026-01-01T00:00:00Z')`.execute(db);
    await sql`INSERT INTO lesson_pins (lesson_id, pinned_at) VALUES ('l1', '2026-01-01T00:00:00Z')`.execute(db);

    await migrateCache(db, '0005-device-settings');

    expect((await sql<{ n: number }>`SELECT count(*) AS n FROM device_settings`.execute(db)).rows[0]?.n).toBe(0);
    expect((await sql<{ n: number }>`SELECT count(*) AS n FROM blobs`.execute(db)).rows[0]?.n).toBe(1);
    expect((await sql<{ n: number }>`SELECT count(*) AS n FROM lesson_pins`.execute(db)).rows[0]?.n).toBe(1);
    await settingsRow(`(id, quota_bytes, bandwidth_kbps, window_from, window_to, updated_at) VALUES (1, 1073741824, 512, '08:00', '15:00', 'now')`).execute(db);
    await expect(settingsRow(`(id, updated_at) VALUES (2, 'now')`).execute(db)).rejects.toThrow(/CHECK/);
    await expect(sql`UPDATE device_settings SET window_to = NULL`.execute(db)).rejects.toThrow(/CHECK/);
    await expect(sql`UPDATE device_settings SET quota_bytes = 0`.execute(db)).rejects.toThrow(/CHECK/);
    await db.destroy();
  });
});
