// `npm start`: the main job. Starts the school server on the embedded default
// (SQLite + content folder under data/, demo school seeded on first run), then
// opens the desktop client against it: in Electron when its binary is present,
// otherwise the same client in a browser through the loopback bridge.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '../../server/src/node-flags.ts';
import { buildDesktop, desktopDir, rendererOutDir, repoRoot, waitForLine } from './lib/repo.ts';

const serverPort = Number(process.env.SINIF_PORT ?? 8700);
const bridgePort = Number(process.env.SINIF_BRIDGE_PORT ?? 8701);
const serverUrl = `http://127.0.0.1:${serverPort}`;
const children: ChildProcess[] = [];

function stopAll(code: number): never {
  for (const child of children) child.kill('SIGTERM');
  process.exit(code);
}

async function waitForHealth(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${serverUrl}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer on ${serverUrl}/health`);
}

/** The Electron binary is fetched from outside the npm registry; try once, quietly. */
async function electronBinary(): Promise<string | undefined> {
  const pkg = join(repoRoot, 'node_modules', 'electron');
  const located = () => {
    const pathFile = join(pkg, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const bin = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(bin) ? bin : undefined;
  };
  if (located() || process.env.SINIF_NO_ELECTRON) return located();
  const child = spawn(process.execPath, [join(pkg, 'install.js')], { stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await new Promise((r) => child.on('exit', r));
  clearTimeout(timer);
  return located();
}

async function main(): Promise<void> {
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  await buildDesktop();

  const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, join(repoRoot, 'server', 'src', 'main.ts')], {
    cwd: repoRoot,
    stdio: 'inherit',
    // Request logs would bury the sign-ins printed above; SINIF_LOG_LEVEL=info shows them.
    env: { SINIF_LOG_LEVEL: 'warn', ...process.env, SINIF_PORT: String(serverPort) },
  });
  children.push(server);
  server.on('exit', (code) => stopAll(code ?? 1));
  await waitForHealth(30_000);

  const electron = await electronBinary();
  if (electron) {
    const app = spawn(electron, [desktopDir], { stdio: 'inherit', env: { ...process.env, SINIF_SERVER_URL: serverUrl } });
    children.push(app);
    app.on('exit', () => stopAll(0));
    return;
  }

  console.log('[sinif] Electron binary not available here (it downloads from outside the npm registry): serving the same client to a browser instead.');
  const bridge = spawn(
    process.execPath,
    [
      join(desktopDir, 'src', 'test-host', 'run.ts'),
      '--cache-dir', join(repoRoot, 'data', 'browser-client'),
      '--renderer-dir', rendererOutDir,
      '--server-url', serverUrl,
      '--port', String(bridgePort),
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(bridge);
  bridge.on('exit', (code) => stopAll(code ?? 1));
  const [, url] = await waitForLine(bridge, /bridge listening at (\S+)/, 30_000);
  console.log(`[sinif] Open ${url} in a browser. Press Ctrl+C to stop.`);
}

main().catch((err: unknown) => {
  console.error(`[sinif] ${err instanceof Error ? err.message : String(err)}`);
  stopAll(1);
});

