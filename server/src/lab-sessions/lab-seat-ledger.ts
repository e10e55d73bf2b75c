/**
 * Raised hands and each seat's progress on its last command, in SQLite
 * (`lab_session_seats`, migration 0007), so a restarted server shows the
 * teacher the same seat map. Thirty seats acking a lock become one
 * transaction: changed seats are collected and written once per event-loop
 * turn. A write that is lost to a crash loses at most that turn's progress.
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
  updated_at: string;
}

type SeatLedgerTables = { lab_session_seats: LabSessionSeatRow };
export type SeatLedgerDb = Kysely<StoreSchema & SeatLedgerTables>;

export function seatLedgerDb(db: StoreDb): SeatLedgerDb {
  return db.withTables<SeatLedgerTables>();
}

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
  }
}

function rowOf(sessionId: string, seat: LabSeatRecord, now: string): LabSessionSeatRow {
  const last = seat.lastDelivery;
  return {
    session_id: sessionId,
    device_id: seat.deviceId,
    hand_raised: seat.handRaised ? 1 : 0,
    last_command_id: last?.commandId ?? null,
    last_kind: seat.lastKind,
    last_status: last?.status ?? null,
    last_reason: last?.reason ?? null,
    updated_at: now,
  };
}

export class SeatLedger {
  readonly #db: SeatLedgerDb;
  readonly #track: <T>(write: Promise<T>) => Promise<T>;
  readonly #onError: (error: unknown) => void;
  /** Session → device ids changed since the last write. */
  readonly #dirty = new Map<LabSession, Set<string>>();
  #scheduled = false;

  constructor(db: StoreDb, track: <T>(write: Promise<T>) => Promise<T>, onError: (error: unknown) => void) {
    this.#db = seatLedgerDb(db);
    this.#track = track;
    this.#onError = onError;
  }

  /** The seat's hand or delivery changed: write it with this turn's other changes. */
  changed(session: LabSession, deviceId: string): void {
    let seats = this.#dirty.get(session);
    if (!seats) this.#dirty.set(session, (seats = new Set()));
    seats.add(deviceId);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => void this.flush());
  }

  /** Writes every pending change now (also before the server closes). */
  flush(): Promise<void> {
    this.#scheduled = false;
    const batch = [...this.#dirty].filter(([session]) => !session.ended);
    this.#dirty.clear();
    if (batch.length === 0) return Promise.resolve();
    const now = new Date().toISOString();
    const rows = batch.flatMap(([session, ids]) => [...ids].flatMap((id) => {
      const seat = session.seats.get(id);
      return seat ? [rowOf(session.id, seat, now)] : [];
    }));
    const write = this.#db.transaction().execute(async (trx) => {
      for (const row of rows) {
        const { session_id: _s, device_id: _d, ...update } = row;
        await trx.insertInto('lab_session_seats').values(row).onConflict((c) => c.columns(['session_id', 'device_id']).doUpdateSet(update)).execute();
      }
    });
    return this.#track(write).catch(this.#onError);
  }
}
