/**
 * Keeps a teacher's copy of the seat map current between full `lab:state`s:
 * `lab:seat` replaces changed seats, `lab:delivery` advances per-seat progress
 * of commands. Progress never moves backwards (a late `delivered` after
 * `applied` is ignored), matching the server's own rule.
 */
import type { DeliveryStatus, LabDelivery, LabLastCommand, LabSeat, LabSeatUpdate, LabTeacherState, SeatDelivery } from '@sinif/shared';

const progressRank: Record<DeliveryStatus, number> = { sent: 0, offline: 0, delivered: 1, failed: 2, applied: 2 };
/** Commands whose deliveries are remembered (the UI shows the last one). */
const REMEMBERED_COMMANDS = 20;

export function advances(next: SeatDelivery, last: SeatDelivery | null | undefined): boolean {
  return !last || last.commandId !== next.commandId || progressRank[next.status] > progressRank[last.status];
}

/** The teacher PC is itself a PC of the lab, but never a seat of its own session. */
export function withoutOwnSeat(state: LabTeacherState, ownDeviceId: string | null): LabTeacherState {
  return ownDeviceId === null ? state : { ...state, seats: state.seats.filter((seat) => seat.deviceId !== ownDeviceId) };
}

export function applySeatUpdate(state: LabTeacherState, update: LabSeatUpdate, ownDeviceId: string | null): LabTeacherState {
  const changed = new Map<string, LabSeat>(update.seats.filter((s) => s.deviceId !== ownDeviceId).map((s) => [s.deviceId, s]));
  const seats = state.seats.map((seat) => changed.get(seat.deviceId) ?? seat);
  for (const seat of changed.values()) if (!state.seats.some((s) => s.deviceId === seat.deviceId)) seats.push(seat);
  return { ...state, seats };
}

/** Per-command delivery of the recent commands, as heard from `lab:delivery`. */
export class DeliveryBook {
  readonly #byCommand = new Map<string, Map<string, SeatDelivery>>();
  #last: { commandId: string; kind: string; targets: string[] } | null = null;

  issued(commandId: string, kind: string, targets: string[]): void {
    this.#last = { commandId, kind, targets };
    this.#book(commandId);
  }

  heard(delivery: LabDelivery): void {
    const seats = this.#book(delivery.commandId);
    for (const entry of delivery.seats) {
      if (advances(entry, seats.get(entry.deviceId))) seats.set(entry.deviceId, entry);
    }
  }

  /** Seats' `lastDelivery` brought up to what was heard (lab:seat may lag a delivery batch). */
  applyTo(state: LabTeacherState): LabTeacherState {
    const seats = state.seats.map((seat) => {
      const heard = seat.lastDelivery ? this.#byCommand.get(seat.lastDelivery.commandId)?.get(seat.deviceId) : undefined;
      const own = this.#last ? this.#byCommand.get(this.#last.commandId)?.get(seat.deviceId) : undefined;
      let best = seat.lastDelivery;
      // Same command: only progress counts. Own last command: newer than a map that has not caught up.
      for (const candidate of [heard, own]) if (candidate && advances(candidate, best)) best = candidate;
      return best === seat.lastDelivery ? seat : { ...seat, lastDelivery: best };
    });
    return { ...state, seats };
  }

  lastCommand(): LabLastCommand | null {
    if (!this.#last) return null;
    const seats = this.#byCommand.get(this.#last.commandId);
    return { ...this.#last, seats: [...(seats?.values() ?? [])] };
  }

  clear(): void {
    this.#byCommand.clear();
    this.#last = null;
  }

  #book(commandId: string): Map<string, SeatDelivery> {
    let seats = this.#byCommand.get(commandId);
    if (!seats) {
      this.#byCommand.set(commandId, (seats = new Map()));
      while (this.#byCommand.size > REMEMBERED_COMMANDS) this.#byCommand.delete(this.#byCommand.keys().next().value as string);
    }
    return seats;
  }
}
