/**
 * Raised hands, each seat's progress on its last command and the sites it
 * refused, in SQLite
 * (`lab_session_seats`, migration 0007), so a restarted server shows the
 * teacher the same seat map. Thirty seats acking a lock become one
 * statement: changed seats are collected and written at most every
 * LEDGER_FLUSH_MS. Writing once per event-loop turn instead put a write
 * transaction between every few acks and tripled a lock's p99 for 30 seats
 * (server/bench/classroom.bench.ts). A crash loses at most that interval's
 * hands and delivery marks; locks and other directives are stored with each
 * command, before any seat hears of it. The session's state row rides the
 * same flush when only a seat's acknowledgement changed it (a teacher message
 * reached the seat, seat-messages.ts): losing that only repeats the message.
 */
import type { Kysely } from 'kysely';
import type { DeliveryStatus, SeatDelivery } from '@sinif/shared';
import type { StoreSchema } from '../db/schema.ts';
import type { StoreDb } from '../db/store.ts';
import type { LabSeatRecord, LabSession } from './lab-session.ts';
import type { CommandBody } from './seat-directives.ts';

export interface LabSessionSeatRow {
  session_id: string;
  device_id: string;
  hand_raised: number;
  last_command_id: string | null;
  last_kind: string | null;
  last_status: string | null;
  last_reason: string | null;
  blocked_sites: number;
  last_blocked_host: string | null;
  last_blocked_at: string | null;
  updated_at: string;
}

type SeatLedgerTables = { lab_session_seats: LabSessionSeatRow };
export type SeatLedgerDb = Kysely<StoreSchema & SeatLedgerTables>;

export function seatLedgerDb(db: StoreDb): SeatLedgerDb {
  return db.withTables<SeatLedgerTables>();
}

export const LEDGER_FLUSH_MS = 1000;
/** Rows per INSERT: 11 values each stays far below SQLite's 32,766 variables per statement. */
const ROWS_PER_STATEMENT = 500;

const statuses: ReadonlySet<string> = new Set<DeliveryStatus>(['sent', 'delivered', 'applied', 'failed', 'offline']);

/** Puts a session's stored hands and deliveries back on its seats (after a restart). */
export async function restoreSeatLedger(db: StoreDb, session: LabSession): Promise<void> {
  const rows = await seatLedgerDb(db).selectFrom('lab_session_seats').selectAll().where('session_id', '=', session.id).execute();
  for (const row of rows) {
    const seat = session.seats.get(row.device_id);
    if (!seat) continue; // the PC was revoked or moved away meanwhile
    seat.handRaised = row.hand_raised === 1;
    if (row.last_command_id && row.last_status && statuses.has(row.last_status)) {
      const delivery: SeatDelivery = { deviceId: row.device_id, commandId: row.last_command_id, status: row.last_status as DeliveryStatus, reason: row.last_reason };
      seat.lastDelivery = delivery;
      seat.lastKind = row.last_kind as CommandBody['kind'] | null;
    }
    const lastBlocked = row.last_blocked_host && row.last_blocked_at ? { host: row.last_blocked_host, at: row.last_blocked_at } : null;
    session.blockedSites.restore(row.device_id, row.blocked_sites, lastBlocked);
  }
}

function rowOf(session: LabSession, seat: LabSeatRecord, now: string): LabSessionSeatRow {
  const last = seat.lastDelivery;
  const blocked = session.blockedSites.seatView(seat.deviceId);
  return {
    session_id: session.id,
    device_id: seat.deviceId,
    hand_raised: seat.handRaised ? 1 : 0,
    last_command_id: last?.commandId ?? null,
    last_kind: seat.lastKind,
    last_status: last?.status ?? null,
    last_reason: last?.reason ?? null,
    blocked_sites: blocked.blockedSites,
    last_blocked_host: blocked.lastBlockedSite?.host ?? null,
    last_blocked_at: blocked.lastBlockedSite?.at ?? null,
    updated_at: now,
  };
}

export class SeatLedger {
  readonly #db: SeatLedgerDb;
  readonly #track: <T>(write: Promise<T>) => Promise<T>;
  readonly #onError: (error: unknown) => void;
  /** Session → device ids changed since the last write. */
  readonly #dirty = new Map<LabSession, Set<string>>();
  /** Sessions whose `lab_sessions.state` is to be rewritten with the next flush. */
  readonly #states = new Set<LabSession>();
  #scheduled = false;

  constructor(db: StoreDb, track: <T>(write: Promise<T>) => Promise<T>, onError: (error: unknown) => void) {
    this.#db = seatLedgerDb(db);
    this.#track = track;
    this.#onError = onError;
  }

  /** The seat's hand or delivery changed: write it with the other changes of the next flush. */
  changed(session: LabSession, deviceId: string): void {
    let seats = this.#dirty.get(session);
    if (!seats) this.#dirty.set(session, (seats = new Set()));
    seats.add(deviceId);
    this.#schedule();
  }

  /** The session's state changed in a way nobody must hear of before it is stored: rewrite it with the next flush. */
  stateChanged(session: LabSession): void {
    this.#states.add(session);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setTimeout(() => void this.flush(), LEDGER_FLUSH_MS).unref();
  }

  /** An ended session's seats are news to nobody: their rows go (the session row stays, for the record). */
  forget(session: LabSession): Promise<void> {
    this.#dirty.delete(session);
    this.#states.delete(session);
    const write = this.#db.deleteFrom('lab_session_seats').where('session_id', '=', session.id).execute().then(() => {});
    return this.#track(write).catch(this.#onError);
  }

  /** Writes every pending change now (also before the server closes). */
  flush(): Promise<void> {
    this.#scheduled = false;
    const batch = [...this.#dirty].filter(([session]) => !session.ended);
    this.#dirty.clear();
    // Taken now, like every state write: the newest one queued is the newest state.
    const stateSessions = [...this.#states].filter((session) => !session.ended);
    const states = stateSessions.map((session) => ({ id: session.id, state: JSON.stringify(session.persisted()) }));
    this.#states.clear();
    const now = new Date().toISOString();
    const rows = batch.flatMap(([session, ids]) => [...ids].flatMap((id) => {
      const seat = session.seats.get(id);
      return seat ? [rowOf(session, seat, now)] : [];
    }));
    if (rows.length === 0 && states.length === 0) return Promise.resolve();
    const write = this.#db.transaction().execute(async (trx) => {
      for (const { id, state } of states) await trx.updateTable('lab_sessions').set({ state, updated_at: now }).where('id', '=', id).execute();
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        await trx
          .insertInto('lab_session_seats')
          .values(rows.slice(i, i + ROWS_PER_STATEMENT))
          .onConflict((c) =>
            c.columns(['session_id', 'device_id']).doUpdateSet((eb) => ({
              hand_raised: eb.ref('excluded.hand_raised'),
              last_command_id: eb.ref('excluded.last_command_id'),
              last_kind: eb.ref('excluded.last_kind'),
              last_status: eb.ref('excluded.last_status'),
              last_reason: eb.ref('excluded.last_reason'),
              blocked_sites: eb.ref('excluded.blocked_sites'),
              last_blocked_host: eb.ref('excluded.last_blocked_host'),
              last_blocked_at: eb.ref('excluded.last_blocked_at'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
    });
    return this.#track(write).catch((error: unknown) => {
      this.#onError(error);
      // Not written: queued again for the next flush (a second later), which writes each seat's newest values.
      for (const [session, ids] of batch) for (const id of ids) this.changed(session, id);
      for (const session of stateSessions) this.stateChanged(session);
    });
  }
}
