/**
 * The shape of every lab ack's value, checked before the core acts on it:
 * a seat's revision, lock and lesson come from these answers, and a server
 * of another version (or a bug) must give a clear error, not a seat state
 * made of whatever arrived.
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

export const labAckChecks: { readonly [E in keyof LabClientEvents]: Checker<TSchema> } = {
  'lab:start': checker(LabTeacherState),
  'lab:end': checker(LabEndResult),
  'lab:join': checker(Type.Union([LabState, Type.Null()])),
  'lab:invite': checker(LabTeacherState),
  'lab:command': checker(LabCommandResult),
  'lab:commandResult': checker(LabDone),
  'lab:hand': checker(LabHandResult),
  'lab:chat': checker(LabChatMessage),
  'lab:watch': checker(LabDone),
  'lab:thumbnail': checker(LabThumbnailAck),
  'lab:blockedSite': checker(LabBlockedSiteAck),
  'lab:askToJoin': checker(LabAskToJoinResult),
  'lab:coTeachers': checker(LabCoTeacherList),
  'lab:focus': checker(LabDone),
  'lab:focusFrame': checker(LabThumbnailAck),
};
