/**
 * What teachers hear about seats, coalesced per event-loop turn: thirty seats
 * acking a lock within a millisecond become one `lab:delivery` per command and
 * one `lab:seat` with the changed seats, not sixty events per teacher.
 */
import type { SeatDelivery } from '@sinif/shared';
import type { RealtimeServer } from '../realtime/realtime-server.ts';
import type { LabSession } from './lab-session.ts';

interface Pending {
  session: LabSession;
  seats: Set<string>;
  deliveries: Map<string, SeatDelivery[]>;
}

export class TeacherFeed {
  readonly #io: RealtimeServer;
  readonly #pending = new Map<string, Pending>();
  #scheduled = false;

  constructor(io: RealtimeServer) {
    this.#io = io;
  }

  seatChanged(session: LabSession, deviceId: string): void {
    this.#for(session).seats.add(deviceId);
  }

  delivery(session: LabSession, delivery: SeatDelivery): void {
    const deliveries = this.#for(session).deliveries;
    const list = deliveries.get(delivery.commandId);
    if (list) list.push(delivery);
    else deliveries.set(delivery.commandId, [delivery]);
  }

  /** Sends everything pending now (before a session ends, so nothing is lost). */
  flush(): void {
    this.#scheduled = false;
    const batches = [...this.#pending.values()];
    this.#pending.clear();
    for (const { session, seats, deliveries } of batches) {
      const room = this.#io.to(session.teachersRoom);
      for (const [commandId, list] of deliveries) room.emit('lab:delivery', { sessionId: session.id, commandId, seats: list });
      const changed = [...seats].flatMap((id) => {
        const seat = session.seats.get(id);
        return seat ? [session.seatView(seat)] : [];
      });
      if (changed.length > 0) room.emit('lab:seat', { sessionId: session.id, seats: changed });
    }
  }

  #for(session: LabSession): Pending {
    let pending = this.#pending.get(session.id);
    if (!pending) {
      pending = { session, seats: new Set(), deliveries: new Map() };
      this.#pending.set(session.id, pending);
    }
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.flush());
    }
    return pending;
  }
}
