/**
 * Co-teaching a lab session: a second teacher who finds the lab taken asks
 * to join (`lab:askToJoin`); the session's teachers hear the open asks
 * (`lab:joinAsks`) and invite one (`lab:invite`, see lab-session.ts), or pick
 * anyone of the school who may teach there from `lab:coTeachers`.
 * Open asks are stored with the session (a server restart keeps them) and
 * close when the asker is invited or the session ends.
 */
import { Type, type Static } from 'typebox';
import { EntityId, IsoTime } from '../rest/ids.ts';

const closed = { additionalProperties: false } as const;

/** `lab:askToJoin` client → server: a teacher of the school asks the running teachers to invite them. */
export const LabAskToJoinRequest = Type.Object({ sessionId: EntityId }, closed);
export type LabAskToJoinRequest = Static<typeof LabAskToJoinRequest>;
/** `alreadyTeacher`: the asker was invited meanwhile; join with `lab:join`. */
export const LabAskToJoinResult = Type.Object({ asked: Type.Boolean(), alreadyTeacher: Type.Boolean() });
export type LabAskToJoinResult = Static<typeof LabAskToJoinResult>;

/** One open ask, oldest first in lists. */
export const LabJoinAsk = Type.Object({ userId: Type.String(), displayName: Type.String(), at: IsoTime });
export type LabJoinAsk = Static<typeof LabJoinAsk>;

/** `lab:joinAsks` server → the session's teachers: every open ask, whenever the list changes. */
export const LabJoinAsks = Type.Object({ sessionId: Type.String(), asks: Type.Array(LabJoinAsk) });
export type LabJoinAsks = Static<typeof LabJoinAsks>;

/** `lab:coTeachers` client → server (a teacher of the session): who could be invited. */
export const LabCoTeachersRequest = Type.Object({ sessionId: EntityId }, closed);
export type LabCoTeachersRequest = Static<typeof LabCoTeachersRequest>;

/** A person of the session's school who may teach lab sessions there. */
export const LabCoTeacher = Type.Object({
  userId: Type.String(),
  displayName: Type.String(),
  /** Already a teacher of this session. */
  inSession: Type.Boolean(),
  /** Has a live connection to the server now. */
  online: Type.Boolean(),
  /** Has an open ask to join. */
  asked: Type.Boolean(),
});
export type LabCoTeacher = Static<typeof LabCoTeacher>;
export const LabCoTeacherList = Type.Object({ teachers: Type.Array(LabCoTeacher) });
export type LabCoTeacherList = Static<typeof LabCoTeacherList>;

/** At most this many people are listed (ordered: open asks, online, then by name). */
export const CO_TEACHERS_MAX = 200;
