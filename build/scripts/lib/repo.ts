// Paths and child-process helpers shared by the start/test/bench scripts.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
export const desktopDir = join(repoRoot, 'desktop');
export const rendererOutDir = join(desktopDir, 'out', 'renderer');

/** Run a command to completion with inherited output; resolves to its exit code. */
export function runStep(cmd: string, args: string[], options: SpawnOptions = {}): Promise<number> {
  return new Promise((resolveCode) => {
    const child = spawn(cmd, args, { cwd: repoRoot, stdio: 'inherit', ...options });
    child.on('error', (err) => {
      console.error(`[sinif] could not run ${cmd}: ${err.message}`);
      resolveCode(1);
    });
    child.on('exit', (code, signal) => resolveCode(code ?? (signal ? 1 : 0)));
  });
}

/** Path of a binary installed in the workspace's node_modules/.bin. */
export function localBin(name: string): string {
  return join(repoRoot, 'node_modules', '.bin', name);
}

/** Build main, preload and renderer with electron-vite (no Electron binary needed). */
export async function buildDesktop(): Promise<void> {
  const code = await runStep(localBin('electron-vite'), ['build', '--logLevel', 'warn'], { cwd: desktopDir });
  if (code !== 0) throw new Error('desktop build failed (see above)');
}

/** Wait until a child prints a line matching `pattern`; resolves with the match. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolveMatch, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      process.stdout.write(text);
      buffer += text;
      const match = buffer.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolveMatch(match);
      }
    };
    child.stdout?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited (${code}) before printing ${pattern}`));
    });
  });
}

export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => typeof p === 'string' && existsSync(p));
}
