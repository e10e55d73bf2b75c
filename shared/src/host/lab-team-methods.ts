/**
 * Host methods of a lab session beyond the basics in contract.ts: co-teaching
 * (ask to join, invite, who could be invited) and one seat's screen opened
 * large. Spread into `hostMethods`, so they are checked like every other.
 */
import { Type } from 'typebox';
import { EntityId } from '../rest/ids.ts';
import { LabCoTeacherList } from '../realtime/lab-session-crew.ts';
import { LabFocusFrameUpload, LabThumbnailSent } from './lab-view.ts';

/**
 * The args or result of a host method that takes or gives nothing. Lives here,
 * not in contract.ts, because contract.ts imports this module: the other way
 * round the two would import each other.
 */
export const Empty = Type.Object({}, { additionalProperties: false });

export const labTeamMethods = {
  /** A teacher who finds this lab's session run by someone else asks its teachers for an invitation. */
  'lab.askToJoin': { args: Empty, result: Empty },
  /** Teacher: make a person of the school a co-teacher; their PC joins as teacher by itself. */
  'lab.invite': { args: Type.Object({ userId: EntityId }, { additionalProperties: false }), result: Empty },
  /** Teacher: the school's people who may teach here (open asks and those online first). */
  'lab.coTeachers': { args: Empty, result: LabCoTeacherList },
  /** Teacher: open one seat's screen large (frames every 500 ms) or close it (`null`). */
  'lab.focus': { args: Type.Object({ deviceId: Type.Union([EntityId, Type.Null()]) }, { additionalProperties: false }), result: Empty },
  /** Seat: a large frame of this PC's screen while a teacher has it open; unchanged frames are not resent. */
  'lab.focusFrame': { args: LabFocusFrameUpload, result: LabThumbnailSent },
} as const;
