/**
 * Test host CLI: the core worker + the loopback bridge, for browser tests and
 * `npm start`. Prints exactly one line, `bridge listening at <url>`, when ready.
 *
 *   node desktop/src/test-host/run.ts --cache-dir <dir> --renderer-dir <dir> [--server-url <url>] [--port <n>]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadOrCreateKeyFile } from '../core/credentials/key-file.ts';
import { startCoreWorker } from '../core/worker/start-core-worker.ts';
import { startBridge } from './bridge-server.ts';

function appVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'cache-dir': { type: 'string' },
      'renderer-dir': { type: 'string' },
      'server-url': { type: 'string' },
      port: { type: 'string' },
    },
    strict: true,
  });
  const cacheDir = values['cache-dir'];
  const rendererDir = values['renderer-dir'];
  if (!cacheDir || !rendererDir) {
    console.error('usage: run.ts --cache-dir <dir> --renderer-dir <dir> [--server-url <url>] [--port <n>]');
    process.exit(2);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`invalid --port ${values.port}`);
    process.exit(2);
  }
  // The test host has no OS key store: a 0600 key file beside the cache seals the tokens.
  const secretKey = await loadOrCreateKeyFile(resolve(cacheDir, 'credential.key'));
  const core = await startCoreWorker({
    cacheDir: resolve(cacheDir),
    secretKey,
    appVersion: appVersion(),
    blobUrlPrefix: '/blob/',
    ...(values['server-url'] ? { defaultServerUrl: values['server-url'] } : {}),
  });
  const bridge = await startBridge({ core, rendererDir: resolve(rendererDir), port });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await bridge.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.stdout.write(`bridge listening at ${bridge.url}\n`);
}

main().catch((error: unknown) => {
  console.error('test host failed to start:', error);
  process.exit(1);
});
