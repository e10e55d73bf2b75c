import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { bridgeClient, writeRendererDir } from '../support/bridge-client.ts';
import { tempDirs } from '../support/temp-dir.ts';

const dirs = tempDirs();
afterAll(() => dirs.cleanup());
const runScript = fileURLToPath(new URL('../../src/test-host/run.ts', import.meta.url));

describe('test host CLI (run.ts)', () => {
  it('prints exactly "bridge listening at <url>", serves the host API, and exits 0 on SIGTERM', async () => {
    const cacheDir = await dirs.make();
    const rendererDir = await writeRendererDir(await dirs.make());
    const child = spawn(process.execPath, [runScript, '--cache-dir', cacheDir, '--renderer-dir', rendererDir, '--server-url', 'http://127.0.0.1:9'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: string[] = [];
    const reader = createInterface({ input: child.stdout! });
    reader.on('line', (line) => lines.push(line));
    const [first] = (await once(reader, 'line')) as [string];
    const url = /^bridge listening at (http:\/\/127\.0\.0\.1:\d+)$/.exec(first)?.[1];
    expect(url).toBeDefined();

    const info = await bridgeClient(url!).call('app.info', {});
    expect(info).toMatchObject({ serverUrl: 'http://127.0.0.1:9', seat: null, online: true });

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(lines).toEqual([first]);
  });
});
