/**
 * Starting and stopping one server process: store (migrated), media probe,
 * demo seed, HTTP + socket.io on one port.
 */
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.ts';
import { openStore } from './db/store.ts';
import { migrateStore } from './db/schema-version.ts';
import { ContentStore } from './content/content-store.ts';
import { sweepIncoming } from './content/incoming-sweep.ts';
import { probeMediaPlane } from './media/media-plane.ts';
import { demoSignIns, hasDemoSchool, seedDemo, type DemoSignIns } from './seed/demo-seed.ts';
import { buildApp } from './app.ts';
import { attachRealtime } from './realtime/realtime-server.ts';

export type { DemoSignIns };

export interface RunningServer {
  /** http://127.0.0.1:PORT (or the bound host when it is a specific address). */
  url: string;
  port: number;
  app: FastifyInstance;
  /** The demo sign-ins when the demo school is present (seeded now or before). */
  demo: DemoSignIns | null;
  close(): Promise<void>;
}

function localUrl(host: string, port: number): string {
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  const shown = wildcard ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/**
 * How long a shutdown waits for requests in flight. A lab PC that stopped
 * reading a download (asleep, capped, switched off) would otherwise hold the
 * server's close, and so a restart or an update, indefinitely.
 */
export const SHUTDOWN_GRACE_MS = 5_000;

export async function closeWithin(app: FastifyInstance, graceMs: number): Promise<void> {
  const force = setTimeout(() => {
    app.log.warn({ graceMs }, 'closing the connections still busy after the shutdown grace period');
    app.server.closeAllConnections();
  }, graceMs);
  force.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(force);
  }
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const store = openStore(config.dataDir);
  let app: FastifyInstance | undefined;
  try {
    await migrateStore(store.db, { file: store.file });
    const content = new ContentStore(config.dataDir);
    const swept = sweepIncoming(content);
    const media = await probeMediaPlane();
    if (config.seedDemo) await seedDemo(store.db, content);
    const demo = config.seedDemo && (await hasDemoSchool(store.db)) ? demoSignIns() : null;

    app = await buildApp({ config, store: store.db, content, media });
    if (swept.removed.length > 0) app.log.info({ files: swept.removed.length, bytes: swept.bytes }, 'removed stale upload leftovers');
    app.realtime = attachRealtime(app);
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    if (!media.available) app.log.warn({ reason: media.reason }, 'live media is off');

    const running = app;
    let closing: Promise<void> | undefined;
    return {
      url: localUrl(config.host, port),
      port,
      app: running,
      demo,
      close() {
        closing ??= closeWithin(running, SHUTDOWN_GRACE_MS).finally(() => store.close());
        return closing;
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await store.close();
    throw error;
  }
}
