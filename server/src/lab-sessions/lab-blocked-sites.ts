/**
 * Sites a seat refused under its allowlist (`lab:blockedSite`): counted per
 * seat for the session and shown on the teacher's seat map with the last
 * host; stored with the seat's hand by lab-seat-ledger.ts, so a restart
 * keeps the count.
 * A report of a host the seat may open (the teacher just allowed it) or from
 * a seat with no allowlist is answered but not counted.
 */
import { hostAllowed, type LabBlockedSite, type LabBlockedSiteAck, type LabBlockedSiteReport } from '@sinif/shared';
import { forbidden } from '../http/api-error.ts';
import type { RealtimeSocket } from '../realtime/realtime-server.ts';
import type { LabSessionHub } from './lab-session-hub.ts';

interface SeatTally {
  count: number;
  last: LabBlockedSite;
}

export class BlockedSiteTally {
  readonly #bySeat = new Map<string, SeatTally>();

  add(deviceId: string, host: string, at: string): void {
    const tally = this.#bySeat.get(deviceId);
    this.#bySeat.set(deviceId, { count: (tally?.count ?? 0) + 1, last: { host, at } });
  }

  /** A tally read back from the store (after a restart). */
  restore(deviceId: string, count: number, last: LabBlockedSite | null): void {
    if (count > 0 && last) this.#bySeat.set(deviceId, { count, last });
  }

  /** The seat-map fields of one seat. */
  seatView(deviceId: string): { blockedSites: number; lastBlockedSite: LabBlockedSite | null } {
    const tally = this.#bySeat.get(deviceId);
    return { blockedSites: tally?.count ?? 0, lastBlockedSite: tally?.last ?? null };
  }
}

export function reportBlockedSite(hub: LabSessionHub, socket: RealtimeSocket, report: LabBlockedSiteReport, now = new Date()): LabBlockedSiteAck {
  const session = hub.session(report.sessionId);
  const seat = session.seatOf(socket);
  if (!seat) throw forbidden('Only a PC taking part in this lab session reports the sites it refused.');
  const allowlist = seat.directives.allowlist;
  if (allowlist === null || hostAllowed(report.host, allowlist)) return { counted: false };
  // The server's clock, not the seat's: lab PCs' clocks drift and the teacher compares seats.
  session.blockedSites.add(seat.deviceId, report.host, now.toISOString());
  hub.ledger.changed(session, seat.deviceId);
  hub.feed.seatChanged(session, seat.deviceId);
  return { counted: true };
}
