/**
 * The teacher's messages as this seat shows them (`LabView.messages`, the
 * seat panel shows the newest). One arrives live as a `message` command, or
 * in a `lab:state`: the server keeps each message a seat has not acknowledged
 * (it was offline, or rebooted before it could show it) and sends it with
 * every state until the seat reports it applied. However often it arrives, a
 * message is shown once.
 */
import type { LabSeatMessage, LabSeatState, LabTeacherMessage } from '@sinif/shared';

const MESSAGES_KEPT = 20;

export class TeacherMessages {
  #list: LabTeacherMessage[] = [];

  /** Oldest first. */
  get list(): readonly LabTeacherMessage[] {
    return this.#list;
  }

  heard(message: LabTeacherMessage): void {
    if (this.#list.some((m) => m.commandId === message.commandId)) return;
    this.#list = [...this.#list, message].slice(-MESSAGES_KEPT);
  }

  /**
   * Takes the messages a state still owes this seat and returns all of them to
   * report applied: one already shown is reported again too, since the server
   * asks only when its earlier report never arrived.
   */
  fromState(state: LabSeatState): readonly LabSeatMessage[] {
    const owed = state.messages ?? [];
    for (const message of owed) this.heard(message);
    return owed;
  }

  clear(): void {
    this.#list = [];
  }
}
