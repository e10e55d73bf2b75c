/**
 * One entry per client socket event, like route-cases.ts: its pinned matrix
 * action, whether it acts on a school, and how to make a call that succeeds
 * when the actor is permitted: the rows, a host teacher's session (with the
 * actor invited when the matrix lets them teach there), and whether the
 * actor must call from a PC of the lab. The permission test fails when an
 * event has no case here, or a case no event.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import type { Action, LabCommandResult, LabTeacherState } from '@sinif/shared';
import type { IdentityFixture, SchoolKey } from './identity-fixture.ts';
import { newLab, newPc } from './lab-fixture.ts';
import { call, ok, openSocket } from './lab-sockets.ts';

export interface SocketCaseContext {
  fx: IdentityFixture;
  url: string;
  school: SchoolKey;
  actorId: string;
  /** Sockets the case opened for itself (closed by the test). */
  sockets: Socket[];
}

export interface BuiltCall {
  payload: unknown;
  /** The actor calls from this PC (device token in the handshake). */
  device?: { id: string; token: string };
  /** Runs on the actor's socket before the call (e.g. join the session first). */
  before?: (socket: Socket) => Promise<void>;
}

export interface SocketCase {
  action: Action;
  target: 'school' | 'none';
  build(context: SocketCaseContext): Promise<BuiltCall>;
}

interface HostedSession {
  labId: string;
  sessionId: string;
  host: Socket;
}

/** A teacher of `school` starts a session on a fresh lab (with `pcs` PCs) and invites the actor when the matrix allows. */
async function hostedSession(context: SocketCaseContext, pcs = 0, invite = true): Promise<HostedSession & { devices: { id: string; token: string }[] }> {
  const { fx, school } = context;
  const labId = await newLab(fx.db, school);
  const devices = [];
  for (let i = 0; i < pcs; i += 1) devices.push(await newPc(fx.db, labId));
  const teacher = await fx.user(school, 'teacher');
  const host = await openSocket(context.url, { token: await fx.session(teacher.id) });
  context.sockets.push(host);
  const state = await ok<LabTeacherState>(host, 'lab:start', { labId });
  if (invite) await call(host, 'lab:invite', { sessionId: state.sessionId, userId: context.actorId }); // refused when the actor may not teach there
  return { labId, sessionId: state.sessionId, host, devices };
}

const joinLab = (labId: string) => async (socket: Socket) => {
  await call(socket, 'lab:join', { labId });
};

/** The actor sits at a PC of a hosted session's lab, as a seat (not invited to teach). */
async function seated(context: SocketCaseContext): Promise<HostedSession & { device: { id: string; token: string } }> {
  const session = await hostedSession(context, 1, false);
  return { ...session, device: session.devices[0]! };
}

const lockAll = (sessionId: string) => ({ sessionId, id: randomUUID(), kind: 'lock', targets: 'all', message: 'Gözlər lövhəyə' });

export const socketCases: Record<string, SocketCase> = {
  whoami: { action: 'me.read', target: 'none', build: async () => ({ payload: {} }) },
  'lab:start': {
    action: 'labSession.run',
    target: 'school',
    build: async ({ fx, school }) => ({ payload: { labId: await newLab(fx.db, school) } }),
  },
  'lab:end': {
    action: 'labSession.run',
    target: 'school',
    build: async (context) => ({ payload: { sessionId: (await hostedSession(context)).sessionId } }),
  },
  'lab:join': {
    action: 'labSession.participate',
    target: 'school',
    build: async ({ fx, school }) => ({ payload: { labId: await newLab(fx.db, school) } }),
  },
  'lab:invite': {
    action: 'labSession.run',
    target: 'school',
    build: async (context) => {
      const { sessionId } = await hostedSession(context);
      return { payload: { sessionId, userId: (await context.fx.user(context.school, 'teacher')).id } };
    },
  },
  'lab:command': {
    action: 'labSession.run',
    target: 'school',
    build: async (context) => ({ payload: lockAll((await hostedSession(context, 2)).sessionId) }),
  },
  'lab:watch': {
    action: 'labSession.run',
    target: 'school',
    build: async (context) => {
      const { labId, sessionId } = await hostedSession(context);
      return { payload: { sessionId, on: true }, before: joinLab(labId) };
    },
  },
  'lab:commandResult': {
    action: 'labSession.participate',
    target: 'school',
    build: async (context) => {
      const { labId, sessionId, host, device } = await seated(context);
      const command = await ok<LabCommandResult>(host, 'lab:command', lockAll(sessionId));
      return { payload: { sessionId, commandId: command.commandId, status: 'applied' }, device, before: joinLab(labId) };
    },
  },
  'lab:hand': {
    action: 'labSession.participate',
    target: 'school',
    build: async (context) => {
      const { labId, sessionId, device } = await seated(context);
      return { payload: { sessionId, raised: true }, device, before: joinLab(labId) };
    },
  },
  'lab:chat': {
    action: 'labSession.participate',
    target: 'school',
    build: async (context) => {
      const { labId, sessionId, device } = await seated(context);
      return { payload: { sessionId, to: 'teachers', text: 'Müəllim, sualım var' }, device, before: joinLab(labId) };
    },
  },
  'lab:thumbnail': {
    action: 'labSession.participate',
    target: 'school',
    build: async (context) => {
      const { labId, sessionId, device } = await seated(context);
      const frame = new Uint8Array(2048).fill(7);
      return { payload: { sessionId, mime: 'image/webp', width: 320, height: 180, frame }, device, before: joinLab(labId) };
    },
  },
  'lab:askToJoin': {
    action: 'labSession.run',
    target: 'school',
    build: async (context) => ({ payload: { sessionId: (await hostedSession(context, 0, false)).sessionId } }),
  },
  'lab:coTeachers': {
    action: 'labSession.run',
    target: 'school',
    build: async (context) => ({ payload: { sessionId: (await hostedSession(context)).sessionId } }),
  },
  'lab:focus': {
    action: 'labSession.run',
    target: 'school',
    build: async (context) => {
      const { labId, sessionId, devices } = await hostedSession(context, 1);
      const watch = async (socket: Socket) => {
        await joinLab(labId)(socket);
        await call(socket, 'lab:watch', { sessionId, on: true });
      };
      return { payload: { sessionId, deviceId: devices[0]!.id }, before: watch };
    },
  },
  'lab:focusFrame': {
    action: 'labSession.participate',
    target: 'school',
    build: async (context) => {
      const { labId, sessionId, device } = await seated(context);
      const frame = new Uint8Array(96 * 1024).fill(9);
      return { payload: { sessionId, mime: 'image/jpeg', width: 960, height: 540, frame }, device, before: joinLab(labId) };
    },
  },
  'lab:blockedSite': {
    action: 'labSession.participate',
    target: 'school',
    build: async (context) => {
      const { labId, sessionId, device } = await seated(context);
      return { payload: { sessionId, host: 'games.example', at: new Date().toISOString() }, device, before: joinLab(labId) };
    },
  },
};
