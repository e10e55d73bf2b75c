/**
 * The `lab:*` client events: payload schema, matrix action, rate class and
 * where each acts (the lab's school, found from the lab or the session).
 * Handlers stay one line; the work is in the hub, lab-commands and lab-talk.
 */
import {
  LabBlockedSiteReport,
  LabAskToJoinRequest,
  LabChatRequest,
  LabCoTeachersRequest,
  LabFocusFrameRequest,
  LabFocusRequest,
  LabCommandReport,
  LabCommandRequest,
  LabHandRequest,
  LabInviteRequest,
  LabJoinRequest,
  LabSessionRef,
  LabStartRequest,
  LabThumbnailRequest,
  LabWatchRequest,
} from '@sinif/shared';
import type { SocketEvent, SocketEventContext } from '../realtime/socket-events.ts';
import { reportBlockedSite } from './lab-blocked-sites.ts';
import { reportCommand, runCommand } from './lab-commands.ts';
import { raiseHand, relayThumbnail, sendChat, watchGrid } from './lab-talk.ts';
import { askToJoin, coTeachers } from './lab-crew.ts';
import { focus, relayFocusFrame } from './lab-focus.ts';

const byLab = async (payload: unknown, { labs }: SocketEventContext) => labs.labTarget((payload as { labId: string }).labId);
const bySession = async (payload: unknown, { labs }: SocketEventContext) => {
  await labs.ready;
  return labs.sessionTarget((payload as { sessionId: string }).sessionId);
};
const lab = { auditRefusals: true } as const;

export const labSocketEvents: readonly SocketEvent[] = [
  {
    ...lab,
    event: 'lab:start',
    action: 'labSession.run',
    rate: 'command',
    schema: LabStartRequest,
    scope: byLab,
    handle: async (p, { labs, user, socket }) => {
      const { labId, classId } = p as LabStartRequest;
      return labs.start(user, socket, labId, classId ?? null);
    },
  },
  {
    ...lab,
    event: 'lab:end',
    action: 'labSession.run',
    rate: 'command',
    schema: LabSessionRef,
    scope: bySession,
    handle: async (p, { labs, user }) => labs.end(user, (p as LabSessionRef).sessionId),
  },
  {
    ...lab,
    event: 'lab:join',
    action: 'labSession.participate',
    rate: 'query',
    schema: LabJoinRequest,
    scope: byLab,
    handle: async (p, { labs, user, socket }) => labs.join(user, socket, (p as LabJoinRequest).labId),
  },
  {
    ...lab,
    event: 'lab:invite',
    action: 'labSession.run',
    rate: 'command',
    schema: LabInviteRequest,
    scope: bySession,
    handle: async (p, { labs, user }) => labs.invite(user, (p as LabInviteRequest).sessionId, (p as LabInviteRequest).userId),
  },
  {
    ...lab,
    event: 'lab:command',
    action: 'labSession.run',
    rate: 'command',
    schema: LabCommandRequest,
    scope: bySession,
    handle: async (p, { labs, user }) => runCommand(labs, user, p as LabCommandRequest),
  },
  {
    ...lab,
    event: 'lab:commandResult',
    action: 'labSession.participate',
    rate: 'report',
    schema: LabCommandReport,
    scope: bySession,
    handle: async (p, { labs, socket }) => reportCommand(labs, socket, p as LabCommandReport),
  },
  {
    ...lab,
    event: 'lab:blockedSite',
    action: 'labSession.participate',
    rate: 'siteReport',
    schema: LabBlockedSiteReport,
    scope: bySession,
    handle: async (p, { labs, socket }) => reportBlockedSite(labs, socket, p as LabBlockedSiteReport),
  },
  {
    ...lab,
    event: 'lab:hand',
    action: 'labSession.participate',
    rate: 'talk',
    schema: LabHandRequest,
    scope: bySession,
    handle: async (p, { labs, user, socket }) => raiseHand(labs, user, socket, p as LabHandRequest),
  },
  {
    ...lab,
    event: 'lab:chat',
    action: 'labSession.participate',
    rate: 'talk',
    schema: LabChatRequest,
    scope: bySession,
    handle: async (p, { labs, user, socket }) => sendChat(labs, user, socket, p as LabChatRequest),
  },
  {
    ...lab,
    event: 'lab:watch',
    action: 'labSession.run',
    rate: 'command',
    schema: LabWatchRequest,
    scope: bySession,
    handle: async (p, { labs, user, socket }) => watchGrid(labs, user, socket, p as LabWatchRequest),
  },
  {
    ...lab,
    event: 'lab:thumbnail',
    action: 'labSession.participate',
    rate: 'thumbnail',
    schema: LabThumbnailRequest,
    scope: bySession,
    handle: async (p, { labs, socket }) => relayThumbnail(labs, socket, p as LabThumbnailRequest),
  },
  {
    ...lab,
    event: 'lab:askToJoin',
    action: 'labSession.run',
    rate: 'command',
    schema: LabAskToJoinRequest,
    scope: bySession,
    handle: async (p, { labs, user }) => askToJoin(labs, user, p as LabAskToJoinRequest),
  },
  {
    ...lab,
    event: 'lab:coTeachers',
    action: 'labSession.run',
    rate: 'query',
    schema: LabCoTeachersRequest,
    scope: bySession,
    handle: async (p, { labs, user }) => coTeachers(labs, user, p as LabCoTeachersRequest),
  },
  {
    ...lab,
    event: 'lab:focus',
    action: 'labSession.run',
    rate: 'command',
    schema: LabFocusRequest,
    scope: bySession,
    handle: async (p, { labs, user, socket }) => focus(labs, user, socket, p as LabFocusRequest),
  },
  {
    ...lab,
    event: 'lab:focusFrame',
    action: 'labSession.participate',
    rate: 'focusFrame',
    schema: LabFocusFrameRequest,
    scope: bySession,
    handle: async (p, { labs, socket }) => relayFocusFrame(labs, socket, p as LabFocusFrameRequest),
  },
];
