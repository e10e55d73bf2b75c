import { afterEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { openRawCacheDb } from '../../../src/core/cache/database.ts';
import { migrateCache } from '../../../src/core/cache/migrate.ts';
import { cacheMigrations } from '../../../src/core/cache/migrations/index.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const names = Object.keys(cacheMigrations);
const previous = names[names.indexOf('0007-library-browse') - 1]!;

async function plan(db: Kysely<unknown>, query: string): Promise<string> {
  const rows = await sql<{ detail: string }>`EXPLAIN QUERY PLAN ${sql.raw(query)}`.execute(db);
  return rows.rows.map((r) => r.detail).join('\n');
}

describe('cache migration 0007-library-browse', () => {
  it('adds the browse indexes over lessons already cached, which pages and facet counts then read', async () => {
    const db = openRawCacheDb(await dirs.make()) as unknown as Kysely<unknown>;
    await migrateCache(db, previous);
    await sql`INSERT INTO lessons (id, title, description, subject, grade, language, updated_at, search_rowid) VALUES
      ('az-1', 'Şəkil çəkmək', '', 'İncəsənət', 3, 'az', '2026-01-01T00:00:00Z', 1),
      ('ru-1', 'Дроби', '', 'Математика', 5, 'ru', '2026-01-01T00:00:00Z', 2)`.execute(db);
    await migrateCache(db, '0007-library-browse');
    const indexes = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'lessons' ORDER BY name`.execute(db);
    expect(indexes.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['lessons_browse_facets', 'lessons_browse_title']));
    expect(await plan(db, `SELECT id FROM lessons l WHERE +l.language = 'az' ORDER BY l.title, l.id LIMIT 51`)).toContain(
      'USING COVERING INDEX lessons_browse_title',
    );
    expect(await plan(db, `SELECT language, grade, subject, count(*) FROM lessons l GROUP BY language, grade, subject`)).toContain(
      'USING COVERING INDEX lessons_browse_facets',
    );
    const kept = await sql<{ id: string }>`SELECT id FROM lessons ORDER BY title`.execute(db);
    expect(kept.rows.map((r) => r.id)).toEqual(['az-1', 'ru-1']);
    await db.destroy();
  });
});
