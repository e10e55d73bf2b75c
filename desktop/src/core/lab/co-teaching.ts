/**
 * What a teacher's PC knows about a lab session someone else runs: who runs
 * it and since when (from the seat state this PC got, or from the server's
 * refusal to let this person start or join), whether this person asked to be
 * invited, and which lab an invitation was for (it may be another room of
 * the school; the PC then joins that lab as teacher until the session ends).
 */
import { LabRunBy, checker, type LabSeatState, type LabTeacherState } from '@sinif/shared';
import { HostFailure } from '../../host/host-failure.ts';

const runByCheck = checker(LabRunBy);

export function runByOf(session: LabSeatState): LabRunBy {
  return {
    sessionId: session.sessionId,
    labId: session.labId,
    labName: session.labName,
    startedAt: session.startedAt,
    startedBy: session.startedBy,
    teachers: session.teachers.map(({ userId, displayName }) => ({ userId, displayName })),
  };
}

export class CoTeaching {
  #refusedBy: LabRunBy | null = null;
  #asked: string | null = null;
  #invitedLab: string | null = null;

  /** The lab to (re)join: the one this person was invited to teach, else the PC's own. */
  labToJoin(ownLabId: string): string {
    return this.#invitedLab ?? ownLabId;
  }

  /** A refusal (CONFLICT on start, FORBIDDEN on join) names who runs the lab: keep it for the view. */
  refused(error: unknown): void {
    if (error instanceof HostFailure && runByCheck.check(error.details)) this.#refusedBy = error.details;
  }

  askedFor(sessionId: string): void {
    this.#asked = sessionId;
  }

  invited(labId: string): void {
    this.#invitedLab = labId;
    this.#asked = null;
  }

  /** The invited lab's session is over (ended, or gone when asked): back to the PC's own lab. */
  invitationOver(): boolean {
    const had = this.#invitedLab !== null;
    this.#invitedLab = null;
    return had;
  }

  /** A session state was taken: a refusal or an ask about an older one no longer applies. */
  adopted(session: LabSeatState | LabTeacherState): void {
    this.#refusedBy = null;
    if (session.view === 'teacher' || this.#asked !== session.sessionId) this.#asked = null;
  }

  cleared(): void {
    this.#refusedBy = null;
    this.#asked = null;
  }

  view(session: LabSeatState | LabTeacherState | null): { runBy: LabRunBy | null; joinAsked: boolean } {
    const runBy = session?.view === 'seat' ? runByOf(session) : session ? null : this.#refusedBy;
    return { runBy, joinAsked: runBy !== null && this.#asked === runBy.sessionId };
  }
}
