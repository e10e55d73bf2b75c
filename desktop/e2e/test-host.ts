// Starts and stops the pieces an end-to-end test drives: the real server (in
// this process) and the desktop app's test host (a child process running the
// desktop core in a worker plus the loopback bridge that serves the renderer).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig, startServer, type RunningServer } from '@sinif/server';

const desktopDir = resolve(import.meta.dirname, '..');

export function tempDir(label: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `sinif-e2e-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function startTestServer(dataDir: string): Promise<RunningServer> {
  return startServer(loadConfig({ env: {}, overrides: { host: '127.0.0.1', port: 0, dataDir, logLevel: 'warn' } }));
}

export interface DesktopApp {
  url: string;
  stop(): Promise<void>;
}

/** Launch the desktop app (test host) on a cache dir; resolves once it serves. Port 0 picks a free one. */
export function startDesktopApp(cacheDir: string, serverUrl: string, port = 0): Promise<DesktopApp> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(desktopDir, 'src', 'test-host', 'run.ts'),
      '--cache-dir', cacheDir,
      '--renderer-dir', join(desktopDir, 'out', 'renderer'),
      '--server-url', serverUrl,
      '--port', String(port),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolveApp, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`test host did not start: ${out}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`test host exited with ${code}: ${out}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/bridge listening at (\S+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveApp({
          url: match[1],
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
  });
}
