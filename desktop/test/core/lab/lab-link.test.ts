// A lab session through real desktop cores and a real server: the teacher's
// core starts it and commands the seats; each seat's core applies what it is
// told, reports it, and re-applies the server's state after a reconnect.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LabSeatState, LabTeacherState, LabView } from '@sinif/shared';
import type { DesktopCore } from '../../../src/core/desktop-core.ts';
import { CONNECT_WAIT_MS } from '../../../src/core/lab/lab-calls.ts';
import { eventually, startDemoServer } from '../../support/demo-server.ts';
import { desktopCores, failureOf } from '../../support/desktop-cores.ts';
import { tempDirs } from '../../support/temp-dir.ts';

const dirs = tempDirs();
const serverDirs = tempDirs();
let serverDir: string;
let server: Awaited<ReturnType<typeof startDemoServer>>;
const cores = desktopCores(dirs, () => server);

beforeAll(async () => {
  serverDir = await serverDirs.make('sinif-server-');
  server = await startDemoServer(serverDir);
});
afterAll(async () => {
  await server?.close();
  await serverDirs.cleanup();
});
afterEach(async () => {
  const view = await teacherCore?.['lab.state']({}).catch(() => null);
  if (view?.session) await teacherCore?.['lab.end']({}).catch(() => undefined);
  teacherCore = null;
  await cores.closeAll();
  await dirs.cleanup();
});
let teacherCore: DesktopCore | null = null;

/** Resolves with the first view of `core` that `accept` likes. */
function viewWhere(core: DesktopCore, accept: (view: LabView) => boolean, timeoutMs = 8_000): Promise<LabView> {
  return eventually(async () => {
    const view = await core['lab.state']({});
    return accept(view) ? view : undefined;
  }, timeoutMs);
}
const seatOf = (view: LabView) => (view.session?.view === 'seat' ? (view.session as LabSeatState) : null);
const mapOf = (view: LabView) => (view.session?.view === 'teacher' ? (view.session as LabTeacherState) : null);

async function classroom(students = 1) {
  const teacher = await cores.signedIn(server.demo.teacher, 'TEACHER-PC');
  teacherCore = teacher;
  const seats: DesktopCore[] = [];
  for (let i = 0; i < students; i += 1) seats.push(await cores.signedIn(server.demo.students[i]!, `PC-${i + 1}`));
  const started = await teacher['lab.start']({});
  expect(mapOf(started)).not.toBeNull();
  for (const seat of seats) await viewWhere(seat, (v) => seatOf(v) !== null);
  return { teacher, seats };
}

describe('lab link', () => {
  it('a seat joins the running session on its own, applies a lock and the teacher sees it applied', async () => {
    const { teacher, seats } = await classroom(2);
    const result = await teacher['lab.command']({ targets: 'all', command: { kind: 'lock', message: 'Eyes here' } });

    for (const seat of seats) {
      const view = await viewWhere(seat, (v) => seatOf(v)?.directives.lock !== null);
      expect(seatOf(view)?.directives.lock).toEqual({ mode: 'lock', message: 'Eyes here' });
    }
    const map = await viewWhere(teacher, (v) => (mapOf(v)?.seats.filter((s) => s.lastDelivery?.status === 'applied').length ?? 0) >= 2);
    const own = (await teacher['app.info']({})).seat!.deviceId;
    expect(mapOf(map)!.seats.some((s) => s.deviceId === own)).toBe(false);
    expect(map.lastCommand?.commandId).toBe(result.commandId);
    expect(map.lastCommand?.seats.filter((s) => s.status === 'applied')).toHaveLength(2);
  });

  it('a seat keeps its lock while the server is down and re-applies the server state after it restarts', async () => {
    const { teacher, seats } = await classroom(1);
    const seat = seats[0]!;
    await teacher['lab.command']({ targets: 'all', command: { kind: 'lock', message: null } });
    await viewWhere(seat, (v) => seatOf(v)?.directives.lock !== null);

    const port = server.port;
    await server.close();
    const down = await viewWhere(seat, (v) => !v.connected);
    expect(seatOf(down)?.directives.lock?.mode).toBe('lock');

    server = await startDemoServer(serverDir, port);
    const back = await viewWhere(seat, (v) => v.connected && seatOf(v) !== null, 15_000);
    expect(seatOf(back)?.directives.lock?.mode).toBe('lock');
    // The teacher is back in charge too: an unlock after the restart reaches the seat.
    await viewWhere(teacher, (v) => v.connected && mapOf(v) !== null, 15_000);
    await teacher['lab.command']({ targets: 'all', command: { kind: 'unlock' } });
    await viewWhere(seat, (v) => seatOf(v)?.directives.lock === null);
  });

  it("a teacher's command given while the server restarts is sent again with its id and applied once", async () => {
    const { teacher, seats } = await classroom(1);
    const seat = seats[0]!;
    const port = server.port;
    await server.close();
    await viewWhere(teacher, (v) => !v.connected);
    const sent = teacher['lab.command']({ targets: 'all', command: { kind: 'lock', message: 'Back soon' } });
    // Longer than one try waits for the link: the command must be sent again.
    await new Promise((resolve) => setTimeout(resolve, CONNECT_WAIT_MS + 500));
    server = await startDemoServer(serverDir, port);
    const result = await sent;
    await viewWhere(seat, (v) => seatOf(v)?.directives.lock?.message === 'Back soon', 15_000);
    const map = await viewWhere(teacher, (v) => v.lastCommand?.commandId === result.commandId);
    expect(map.lastCommand?.kind).toBe('lock');
  }, 15_000); // waits out CONNECT_WAIT_MS + 500 ms and a restart: close to vitest's 5 s default on a busy machine

  it('a pushed lesson missing from the seat cache is fetched, shown and reported applied', async () => {
    const { teacher, seats } = await classroom(1);
    const seat = seats[0]!;
    const lessonId = await anyLessonId(teacher);
    const result = await teacher['lab.command']({ targets: 'all', command: { kind: 'pushLesson', lessonId } });

    const view = await viewWhere(seat, (v) => v.lesson?.state === 'ready', 20_000);
    expect(view.lesson?.lessonId).toBe(lessonId);
    expect(seatOf(view)?.directives.lessonId).toBe(lessonId);
    expect((await seat['library.openLesson']({ lessonId })).lesson.id).toBe(lessonId);
    await viewWhere(teacher, (v) => v.lastCommand?.commandId === result.commandId && v.lastCommand.seats.some((s) => s.status === 'applied'));
  });

  it('a raised hand and a chat line reach the teacher; the end of the session frees the seat', async () => {
    const { teacher, seats } = await classroom(1);
    const seat = seats[0]!;
    await seat['lab.hand']({ raised: true });
    await viewWhere(teacher, (v) => mapOf(v)?.seats.some((s) => s.handRaised) === true);
    await seat['lab.chat']({ to: 'teachers', text: 'May I ask?' });
    await viewWhere(teacher, (v) => v.session?.chat.some((m) => m.text === 'May I ask?') === true);
    await teacher['lab.command']({ targets: 'all', command: { kind: 'message', text: 'Two minutes left' } });
    await viewWhere(seat, (v) => v.messages.some((m) => m.text === 'Two minutes left'));

    await teacher['lab.end']({});
    await viewWhere(seat, (v) => v.session === null);
  });

  it('a student may not start a session and a command without one is refused', async () => {
    const student = await cores.signedIn(server.demo.students[0]!, 'PC-9');
    expect((await failureOf(student['lab.start']({}))).code).toBe('FORBIDDEN');
    expect((await failureOf(student['lab.command']({ targets: 'all', command: { kind: 'unlock' } }))).code).toBe('NOT_FOUND');
  });
});

async function anyLessonId(core: DesktopCore): Promise<string> {
  await core['library.sync']({});
  await core.syncSettled();
  const lessons = await core['library.list']({});
  return lessons[0]!.id;
}
