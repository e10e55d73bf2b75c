/** A real server on 127.0.0.1:0 over a fresh temp data dir, and its teardown. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, startServer, type RunningServer, type ServerConfig } from '../../src/index.ts';

export interface TempServer extends RunningServer {
  dataDir: string;
  /** Closes the server and deletes its data dir. */
  dispose(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'sinif-server-test-'));
}

export async function startTempServer(overrides: Partial<ServerConfig> = {}, dataDir = tempDataDir()): Promise<TempServer> {
  const config = loadConfig({ overrides: { host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent', ...overrides } });
  const server = await startServer(config);
  return {
    ...server,
    dataDir,
    async dispose() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export async function signIn(server: RunningServer, username: string, password = 'sinif-demo', headers: Record<string, string> = {}): Promise<string> {
  const response = await postJson(`${server.url}/api/v1/auth/sign-in`, { username, password }, headers);
  if (response.status !== 200) throw new Error(`sign-in as ${username} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
