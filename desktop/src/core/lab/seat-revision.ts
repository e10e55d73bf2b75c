/**
 * Which of the server's words a seat still believes. The server stamps each
 * seat's state and every command sent to it with a per-seat revision that
 * only grows (stored with the session, so a restart does not reset it). A
 * join answer overtaken by a command, or two commands crossing, must not
 * roll a lock back: what is older than the revision held is ignored, and a
 * revision that skips one says something was missed, so the seat asks for
 * its full state again. Messages from an older server carry no revision and
 * are taken as they come.
 */
import type { LabSeatCommand, LabSeatState } from '@sinif/shared';

/**
 * `apply`: the next step. `gap`: newer, but at least one step was missed (apply, then resync).
 * `stale`: older than what the seat holds (do not apply). `unknown`: a session the seat has not joined (resync).
 */
export type CommandVerdict = 'apply' | 'gap' | 'stale' | 'unknown';

export class SeatRevision {
  #sessionId: string | null = null;
  #revision = 0;

  /** The revision held for the current session (0 before any). */
  get revision(): number {
    return this.#revision;
  }

  /** A full state: taken unless it is older than what is held for the same session. */
  admitState(state: LabSeatState): boolean {
    if (state.sessionId !== this.#sessionId) {
      this.#sessionId = state.sessionId;
      this.#revision = state.revision ?? 0;
      return true;
    }
    if (state.revision === undefined) return true;
    // Equal is the same step (a join answer and the pushed state say the same thing).
    if (state.revision < this.#revision) return false;
    this.#revision = state.revision;
    return true;
  }

  admitCommand(command: LabSeatCommand): CommandVerdict {
    if (command.sessionId !== this.#sessionId) return 'unknown';
    if (command.revision === undefined) return 'apply';
    if (command.revision <= this.#revision) return 'stale';
    const verdict = command.revision === this.#revision + 1 ? 'apply' : 'gap';
    this.#revision = command.revision;
    return verdict;
  }

  /**
   * The revision the server gave the seat's own change (its hand) in the ack:
   * `stale` when the seat already holds a newer word (which says what became
   * of the change), `gap` when steps before it were missed. On a gap the
   * revision held stays: the ack carries no directives, so a missed command
   * (a lock) that arrives late must still be applied, not taken as stale.
   */
  admitOwn(revision: number): Exclude<CommandVerdict, 'unknown'> {
    if (revision <= this.#revision) return 'stale';
    if (revision !== this.#revision + 1) return 'gap';
    this.#revision = revision;
    return 'apply';
  }

  /** No seat session any more (ended, signed out, or this PC teaches). */
  reset(): void {
    this.#sessionId = null;
    this.#revision = 0;
  }
}
