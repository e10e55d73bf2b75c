// The real server as a child process (`node server/src/main.ts`), so a test
// can SIGKILL it — no graceful shutdown, like a power cut — and start it again
// on the same data dir and port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '..', '..');

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ServerChild {
  url: string;
  /** SIGKILL: the process dies without closing anything. */
  kill(): Promise<void>;
}

export function startServerChild(dataDir: string, port: number): Promise<ServerChild> {
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot, 'server', 'src', 'main.ts')], {
    env: { ...process.env, SINIF_DATA_DIR: dataDir, SINIF_PORT: String(port), SINIF_HOST: '127.0.0.1', SINIF_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolveServer, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/listening on (\S+)/);
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolveServer({
        url: match[1],
        kill: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    });
  });
}
