/**
 * What this PC must enforce outside the renderer: the screen lock (the
 * Electron main process covers every display with a lock window) and the
 * site allowlist (its request filter). The core is the one place that knows
 * the session, so it pushes each change to the host at once; a renderer
 * reload or crash changes nothing here.
 */
import type { LabLock, LabSeatState, LabTeacherState } from '@sinif/shared';

export interface SeatEnforcement {
  lock: LabLock | null;
  /** Hostnames or `*.domain`; null: no site restriction. */
  allowlist: string[] | null;
}

export const NO_ENFORCEMENT: SeatEnforcement = Object.freeze({ lock: null, allowlist: null });

/** A teacher's PC and a PC outside any session enforce nothing. */
export function enforcementOf(session: LabSeatState | LabTeacherState | null): SeatEnforcement {
  if (session?.view !== 'seat') return NO_ENFORCEMENT;
  const { lock, allowlist } = session.directives;
  return lock === null && allowlist === null ? NO_ENFORCEMENT : { lock, allowlist };
}

export function sameEnforcement(a: SeatEnforcement, b: SeatEnforcement): boolean {
  const sameLock = a.lock === b.lock || (a.lock !== null && b.lock !== null && a.lock.mode === b.lock.mode && a.lock.message === b.lock.message);
  const sameList =
    a.allowlist === b.allowlist ||
    (a.allowlist !== null && b.allowlist !== null && a.allowlist.length === b.allowlist.length && a.allowlist.every((host, i) => host === b.allowlist![i]));
  return sameLock && sameList;
}

export type EnforcementListener = (enforcement: SeatEnforcement) => void;

/** Tells listeners only real changes (a chat line or a hand is no news to the lock window). */
export class SeatEnforcementFeed {
  #current: SeatEnforcement = NO_ENFORCEMENT;
  readonly #listeners = new Set<EnforcementListener>();

  get current(): SeatEnforcement {
    return this.#current;
  }

  update(session: LabSeatState | LabTeacherState | null): void {
    const next = enforcementOf(session);
    if (sameEnforcement(next, this.#current)) return;
    this.#current = next;
    for (const listener of this.#listeners) listener(next);
  }

  /** Hears the current enforcement at once, then every change, until the returned function is called. */
  subscribe(listener: EnforcementListener): () => void {
    this.#listeners.add(listener);
    listener(this.#current);
    return () => this.#listeners.delete(listener);
  }
}
