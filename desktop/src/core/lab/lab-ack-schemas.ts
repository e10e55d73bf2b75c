/**
 * The shape of every lab ack's value, checked before the core acts on it:
 * a seat's revision, lock and lesson come from these answers, and a server
 * of another version (or a bug) must give a clear error, not a seat state
 * made of whatever arrived. Each check is compiled on its first use, not
 * while the core starts (together they took ~20 ms).
 */
import {
  LabAskToJoinResult,
  LabBlockedSiteAck,
  LabChatMessage,
  LabCoTeacherList,
  LabCommandResult,
  LabDone,
  LabEndResult,
  LabHandResult,
  LabState,
  LabTeacherState,
  LabThumbnailAck,
  checker,
  type Checker,
  type LabClientEvents,
} from '@sinif/shared';
import { Type, type TSchema } from 'typebox';

const ackSchemas: { readonly [E in keyof LabClientEvents]: TSchema } = {
  'lab:start': LabTeacherState,
  'lab:end': LabEndResult,
  'lab:join': Type.Union([LabState, Type.Null()]),
  'lab:invite': LabTeacherState,
  'lab:command': LabCommandResult,
  'lab:commandResult': LabDone,
  'lab:hand': LabHandResult,
  'lab:chat': LabChatMessage,
  'lab:watch': LabDone,
  'lab:thumbnail': LabThumbnailAck,
  'lab:blockedSite': LabBlockedSiteAck,
  'lab:askToJoin': LabAskToJoinResult,
  'lab:coTeachers': LabCoTeacherList,
  'lab:focus': LabDone,
  'lab:focusFrame': LabThumbnailAck,
};

const compiled = new Map<keyof LabClientEvents, Checker<TSchema>>();

/** The check of `event`'s ack value. */
export function labAckCheck(event: keyof LabClientEvents): Checker<TSchema> {
  let check = compiled.get(event);
  if (!check) compiled.set(event, (check = checker(ackSchemas[event])));
  return check;
}
