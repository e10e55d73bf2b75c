/**
 * The frame most lab-session test files share: one server without the demo
 * school and the identity fixture for the whole file; the classroom and any
 * extra sockets a test opens are closed after it.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startTempServer, type TempServer } from './temp-server.ts';
import { seedIdentity, type IdentityFixture } from './identity-fixture.ts';
import { openClassroom, type Classroom } from './lab-classroom.ts';

export interface LabSuite {
  readonly server: TempServer;
  readonly fx: IdentityFixture;
  /** A fresh classroom (see lab-classroom.ts), closed after the test. */
  openClassroom(seatCount?: number): Promise<Classroom>;
  /** Disconnects `socket` after the test; returns it. */
  track<T extends { disconnect(): unknown }>(socket: T): T;
}

export function labSuite(): LabSuite {
  let server: TempServer | undefined;
  let fx: IdentityFixture | undefined;
  const open: { close(): void }[] = [];
  beforeAll(async () => {
    server = await startTempServer({ seedDemo: false });
    fx = await seedIdentity(server.app.store);
  });
  afterEach(() => {
    for (const thing of open.splice(0)) thing.close();
  });
  afterAll(async () => {
    await server?.dispose();
  });
  const suite: LabSuite = {
    get server() {
      if (!server) throw new Error('the lab suite server starts in beforeAll');
      return server;
    },
    get fx() {
      if (!fx) throw new Error('the lab suite fixture is seeded in beforeAll');
      return fx;
    },
    async openClassroom(seatCount) {
      const room = await openClassroom(suite.fx, suite.server.url, seatCount);
      open.push(room);
      return room;
    },
    track(socket) {
      open.push({ close: () => void socket.disconnect() });
      return socket;
    },
  };
  return suite;
}
