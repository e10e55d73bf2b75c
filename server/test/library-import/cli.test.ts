/** The package-import CLI, run as a child process against a temp data dir. */
import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/store.ts';
import { tempDataDir } from '../support/temp-server.ts';
import { lessonPackage, zipOf } from '../support/lesson-package.ts';

const CLI = resolve(import.meta.dirname, '..', '..', 'src', 'library-import', 'cli.ts');
const dataDir = tempDataDir();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function runCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SINIF_')));
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { env, timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function writeZip(name: string, zip: Buffer): Promise<string> {
  const file = join(dataDir, name);
  writeFileSync(file, zip);
  return file;
}

async function storeRows() {
  const store = openStore(dataDir);
  try {
    const lessons = await store.db.selectFrom('lessons').select(['id', 'title']).orderBy('id').execute();
    const members = await store.db.selectFrom('channel_lessons').selectAll().orderBy('lesson_id').execute();
    const audit = await store.db.selectFrom('audit_events').select(['action', 'detail']).orderBy('id').execute();
    return { lessons, members, audit };
  } finally {
    await store.close();
  }
}

// Each run starts a Node process that loads the server's modules: about a second, more under load.
describe('library-import CLI', { timeout: 30_000 }, () => {
  it('imports a good package into the channel, prints the report and exits 0', async () => {
    const { zip } = await lessonPackage([{ id: 'cli-lesson', title: 'Komanda sətri' }]);
    const result = await runCli(await writeZip('good.zip', zip), '--channel', 'national', '--data-dir', dataDir);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ channelId: 'national', lessonIds: ['cli-lesson'], files: 1, newBlobs: 1 });
    const rows = await storeRows();
    expect(rows.lessons).toEqual([{ id: 'cli-lesson', title: 'Komanda sətri' }]);
    expect(rows.members).toEqual([{ channel_id: 'national', lesson_id: 'cli-lesson' }]);
    expect(rows.audit.map((a) => [a.action, JSON.parse(a.detail).via])).toEqual([['library.import', 'cli']]);
  });

  it('rejects a bad package whole, prints the problems and exits 1', async () => {
    const { manifest } = await lessonPackage([{ id: 'cli-broken' }]);
    const zip = await zipOf({ 'manifest.json': JSON.stringify(manifest) });
    const result = await runCli(await writeZip('bad.zip', zip), '--channel', 'national', '--data-dir', dataDir);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ problems: [expect.objectContaining({ kind: 'fileMissing', path: '/lessons/0/resources/0/file' })] });
    expect((await storeRows()).lessons.map((l) => l.id)).toEqual(['cli-lesson']);
  });

  it('exits 2 for an unknown channel or a missing argument', async () => {
    const { zip } = await lessonPackage([{}]);
    const file = await writeZip('other.zip', zip);
    const unknown = await runCli(file, '--channel', 'no-such-channel', '--data-dir', dataDir);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('No channel no-such-channel')]);
    const [noChannel, noFile] = await Promise.all([runCli(file, '--data-dir', dataDir), runCli('--channel', 'national', '--data-dir', dataDir)]);
    expect([noChannel.code, noFile.code]).toEqual([2, 2]);
  });
});
