import { loadConfig, startServer, type RunningServer } from '@sinif/server';
import type { ServerAuth, ServerClient } from '../../src/core/server-client.ts';

/** A real Sinif server with the demo school, on a loopback port. */
export async function startDemoServer(dataDir: string, port = 0): Promise<RunningServer & { demo: NonNullable<RunningServer['demo']> }> {
  const server = await startServer(loadConfig({ overrides: { host: '127.0.0.1', port, dataDir, logLevel: 'silent' } }));
  if (!server.demo) {
    await server.close();
    throw new Error('demo server started without demo sign-ins');
  }
  return server as RunningServer & { demo: NonNullable<RunningServer['demo']> };
}

/** Enrols a new PC as `seatName` and signs the first demo student in on it. */
export async function demoStudentPc(server: Awaited<ReturnType<typeof startDemoServer>>, client: ServerClient, seatName: string): Promise<ServerAuth> {
  const enrolment = await client.enrol(server.url, { code: server.demo.enrolmentCode, seatName });
  const student = server.demo.students[0]!;
  const session = await client.signIn(server.url, enrolment.deviceToken, { username: student.username, password: student.password });
  return { serverUrl: server.url, deviceToken: enrolment.deviceToken, token: session.token };
}

/** Polls until `check` returns a value (not undefined) or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
