/**
 * A computer room to run lab-session tests in: a fresh lab of school A with
 * PCs, a student signed in at each, the fixture teacher, and a log of the
 * per-seat deliveries the teacher is told about.
 */
import type { Socket } from 'socket.io-client';
import type { DeliveryStatus, LabDelivery, LabSeatState, LabSeatUpdate, LabTeacherState } from '@sinif/shared';
import type { IdentityFixture } from './identity-fixture.ts';
import { newLab, newPc } from './lab-fixture.ts';
import { SeatClient, nextEvent, ok, openSocket } from './lab-sockets.ts';

export interface Classroom {
  labId: string;
  pcs: { id: string; token: string }[];
  students: string[];
  /** Session tokens of each seat's student, opened on that PC. */
  seatAuth: { token: string; deviceToken: string }[];
  seats: SeatClient[];
  teacher: Socket;
  teacherToken: string;
  deliveries: DeliveryLog;
  seatUpdates: LabSeatUpdate[];
  close(): void;
}

/** Every `lab:delivery` a teacher socket hears, by command and seat. */
export class DeliveryLog {
  readonly byCommand = new Map<string, Map<string, DeliveryStatus[]>>();
  readonly reasons = new Map<string, string | null>();
  #waiters: (() => void)[] = [];

  constructor(socket: Socket) {
    this.listen(socket);
  }

  listen(socket: Socket): void {
    socket.on('lab:delivery', (delivery: LabDelivery) => {
      let seats = this.byCommand.get(delivery.commandId);
      if (!seats) this.byCommand.set(delivery.commandId, (seats = new Map()));
      for (const entry of delivery.seats) {
        seats.set(entry.deviceId, [...(seats.get(entry.deviceId) ?? []), entry.status]);
        this.reasons.set(`${delivery.commandId}/${entry.deviceId}`, entry.reason);
      }
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  statuses(commandId: string, deviceId: string): DeliveryStatus[] {
    return this.byCommand.get(commandId)?.get(deviceId) ?? [];
  }

  /** Resolves once every seat in `deviceIds` has reported `status` for the command. */
  async waitFor(commandId: string, deviceIds: readonly string[], status: DeliveryStatus, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!deviceIds.every((id) => this.statuses(commandId, id).includes(status))) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`not every seat reached ${status} for ${commandId}: ${JSON.stringify([...(this.byCommand.get(commandId) ?? [])])}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

export async function openClassroom(fx: IdentityFixture, url: string, seatCount = 3): Promise<Classroom> {
  const labId = await newLab(fx.db, 'A');
  const pcs = [];
  const students = [];
  const seatAuth = [];
  for (let i = 0; i < seatCount; i += 1) {
    const pc = await newPc(fx.db, labId, `PC-${String(i + 1).padStart(2, '0')}`);
    const student = (await fx.user('A', 'student')).id;
    pcs.push(pc);
    students.push(student);
    seatAuth.push({ token: await fx.session(student, pc.id), deviceToken: pc.token });
  }
  const seats = await Promise.all(seatAuth.map((auth) => SeatClient.open(url, auth)));
  const teacherToken = await fx.session(fx.actors.teacher);
  const teacher = await openSocket(url, { token: teacherToken });
  const seatUpdates: LabSeatUpdate[] = [];
  teacher.on('lab:seat', (update: LabSeatUpdate) => seatUpdates.push(update));
  return {
    labId,
    pcs,
    students,
    seatAuth,
    seats,
    teacher,
    teacherToken,
    deliveries: new DeliveryLog(teacher),
    seatUpdates,
    close() {
      for (const seat of seats) seat.close();
      teacher.disconnect();
    },
  };
}

/** Starts the classroom's lab session as its teacher; resolves once every seat has heard its state. */
export async function startLabSession(room: Classroom): Promise<LabTeacherState> {
  const joined = room.seats.map((seat) => nextEvent<LabSeatState>(seat.socket, 'lab:state'));
  const state = await ok<LabTeacherState>(room.teacher, 'lab:start', { labId: room.labId });
  await Promise.all(joined);
  return state;
}
