/**
 * Cache migrations are all-or-nothing: a PC switched off in the middle of a
 * migration run (here a real SIGKILL of the process running it) leaves the
 * cache as it was before the run, so the next start migrates again instead
 * of failing on half a migration ("duplicate column") for ever.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openCacheDb } from '../../../src/core/cache/database.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const CHILD = fileURLToPath(new URL('../../support/migration-child.ts', import.meta.url));
const dirs = tempDirs();
afterEach(() => dirs.cleanup());

/** Runs the child until it says it is migrating, then kills it with SIGKILL. */
async function killMidMigration(cacheDir: string): Promise<void> {
  const child = spawn(process.execPath, [CHILD, cacheDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('migrating')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the child ended (${code}) before migrating: ${errors}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('cache migrations and a kill', () => {
  it('keeps nothing of a migration run killed half way, and the cache then opens and migrates normally', async () => {
    const cacheDir = await dirs.make();
    await killMidMigration(cacheDir);

    const sqlite = new Database(join(cacheDir, 'cache.db'), { readonly: true });
    const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[];
    sqlite.close();
    expect(tables.map((t) => t.name)).not.toContain('half_done');
    // Kysely's own bookkeeping tables may exist; no migration is recorded.
    if (tables.some((t) => t.name === 'kysely_migration')) {
      const check = new Database(join(cacheDir, 'cache.db'), { readonly: true });
      expect(check.prepare('SELECT count(*) AS n FROM kysely_migration').get()).toEqual({ n: 0 });
      check.close();
    }

    const db = await openCacheDb(cacheDir);
    const lessons = await db.selectFrom('lessons').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(lessons.n).toBe(0);
    await db.destroy();
  });
});
