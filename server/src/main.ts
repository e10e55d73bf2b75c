/**
 * CLI entry: `node server/src/main.ts`. Config from SINIF_* env vars and the
 * optional JSON file named by SINIF_CONFIG. Exit codes: 0 after a clean
 * shutdown, 2 for a config error, 1 for anything else that stops the start.
 */
import { ConfigError, loadConfig, type ServerConfig } from './config.ts';
import { startServer, type RunningServer } from './start.ts';

function printBanner(server: RunningServer): void {
  const health = server.app.media;
  const lines = [`Sinif server listening on ${server.url}`];
  lines.push(health.available ? 'Live media: available' : `Live media: off (${health.reason ?? 'unknown reason'})`);
  if (server.demo) {
    const d = server.demo;
    lines.push(`Demo school: ${d.schoolName}, lab ${d.labName}, enrolment code ${d.enrolmentCode}`);
    lines.push(`Demo school IT admin: ${d.itAdmin.username} / ${d.itAdmin.password}`);
    lines.push(`Demo teacher: ${d.teacher.username} / ${d.teacher.password}`);
    lines.push(`Demo students: ${d.students.map((s) => s.username).join(', ')} / ${d.students[0]?.password ?? ''}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

async function main(): Promise<void> {
  let config: ServerConfig;
  try {
    config = loadConfig({ env: process.env, file: process.env.SINIF_CONFIG || undefined });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Config error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  const server = await startServer(config);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Shutdown failed: ${(error as Error)?.message ?? String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  // After the handlers: a supervisor may signal as soon as it reads the banner.
  printBanner(server);
}

main().catch((error: unknown) => {
  const err = error as { code?: string; message?: string };
  process.stderr.write(`Sinif server failed to start${err.code ? ` (${err.code})` : ''}: ${err.message ?? String(error)}\n`);
  process.exit(1);
});
