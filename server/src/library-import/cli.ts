/**
 * Imports a lesson package from the command line, into the same store the
 * server uses (safe while it runs: SQLite WAL and a busy timeout):
 *
 *   node server/src/library-import/cli.ts <package.zip> --channel <id> [--data-dir <dir>]
 *
 * The data dir defaults to the server's (SINIF_DATA_DIR / SINIF_CONFIG / default).
 * Prints the report as JSON on stdout. Exit codes: 0 imported; 1 rejected
 * (the problems, as JSON, on stdout; nothing imported); 2 usage, config or
 * unknown channel.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { openStore } from '../db/store.ts';
import { migrateStore } from '../db/schema-version.ts';
import { ContentStore } from '../content/content-store.ts';
import { importPackage, UnknownChannelError } from './package-import.ts';

const USAGE = 'usage: node server/src/library-import/cli.ts <package.zip> --channel <id> [--data-dir <dir>]\n';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { channel: { type: 'string' }, 'data-dir': { type: 'string' } } });
  } catch (error) {
    fail((error as Error).message);
  }
  const [zipArg, ...extra] = args.positionals;
  const channelId = args.values.channel;
  if (!zipArg || extra.length > 0) fail('Name exactly one package file.');
  if (!channelId) fail('Name the channel to import into with --channel.');
  const zipPath = resolve(zipArg);
  if (!existsSync(zipPath)) fail(`No such file: ${zipPath}`);

  let dataDir: string;
  try {
    dataDir = resolve(args.values['data-dir'] ?? loadConfig({ env: process.env, file: process.env.SINIF_CONFIG || undefined }).dataDir);
  } catch (error) {
    if (error instanceof ConfigError) fail(`Config error: ${error.message}`);
    throw error;
  }

  const store = openStore(dataDir);
  try {
    await migrateStore(store.db, { file: store.file });
    const outcome = await importPackage(store.db, new ContentStore(dataDir), zipPath, { channelId, actor: { userId: null, ip: null, via: 'cli' } });
    process.stdout.write(`${JSON.stringify(outcome.ok ? outcome.report : { problems: outcome.problems }, null, 2)}\n`);
    if (!outcome.ok) process.stderr.write(`Rejected: ${outcome.problems.length} problems; nothing was imported.\n`);
    return outcome.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof UnknownChannelError) fail(error.message);
    throw error;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Import failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
