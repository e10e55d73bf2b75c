/**
 * Real servers one after another over the same data dir, as a restart would
 * run them: `restart` closes one (which stores what it holds, as a shutdown
 * does) and starts the next on the same port, so sockets with reconnection on
 * come back by themselves. `dispose` in afterAll.
 */
import { rmSync } from 'node:fs';
import { startTempServer, tempDataDir, type TempServer } from './temp-server.ts';

export interface ServerRestarts {
  dataDir: string;
  start(port?: number): Promise<TempServer>;
  restart(server: TempServer): Promise<TempServer>;
  dispose(): Promise<void>;
}

export function serverRestarts(): ServerRestarts {
  const dataDir = tempDataDir();
  const running: TempServer[] = [];
  const start = async (port = 0): Promise<TempServer> => {
    const server = await startTempServer({ seedDemo: false, port }, dataDir);
    running.push(server);
    return server;
  };
  return {
    dataDir,
    start,
    async restart(server) {
      const port = server.port;
      await server.close();
      return start(port);
    },
    async dispose() {
      for (const server of running.splice(0)) await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
