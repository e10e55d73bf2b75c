/**
 * Store migrations are all-or-nothing: a server killed (SIGKILL, as a power
 * cut would) in the middle of a migration run leaves the store as it was, so
 * the next start migrates again instead of failing on half a migration.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { migrateStore } from '../../src/db/schema-version.ts';
import { openStore } from '../../src/db/store.ts';

const CHILD = fileURLToPath(new URL('../support/migration-child.ts', import.meta.url));
const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function killMidMigration(dataDir: string): Promise<void> {
  const child = spawn(process.execPath, [CHILD, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
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

describe('store migrations and a kill', () => {
  it('keeps nothing of a migration run killed half way, and the store then migrates normally', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sinif-atomic-migrations-'));
    made.push(dataDir);
    await killMidMigration(dataDir);

    const sqlite = new Database(join(dataDir, 'sinif.db'), { readonly: true });
    const tables = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
    const recorded = tables.includes('kysely_migration') ? (sqlite.prepare('SELECT count(*) AS n FROM kysely_migration').get() as { n: number }).n : 0;
    sqlite.close();
    expect(tables).not.toContain('half_done');
    expect(recorded).toBe(0);

    const store = openStore(dataDir);
    expect(await migrateStore(store.db)).toBeGreaterThan(0);
    await store.close();
  });
});
