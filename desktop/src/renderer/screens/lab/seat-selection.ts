/**
 * Seats by class: which classes the signed-in students on the lab's PCs
 * belong to, and which seats hold students of one class. The session's own
 * class comes first, even when none of its students is signed in yet.
 */
import type { LabSeat, SchoolClass } from '@sinif/shared';

export interface ClassOnSeats {
  classId: string;
  name: string;
  /** Seats whose signed-in student is in the class. */
  deviceIds: string[];
  isSessionClass: boolean;
}

/** Device ids of the seats whose signed-in student belongs to `classId`. */
export function seatsOfClass(seats: readonly LabSeat[], classId: string): string[] {
  return seats.filter((seat) => seat.student !== null && seat.studentClassIds?.includes(classId)).map((seat) => seat.deviceId);
}

/** The classes to offer: the session's class, then every class with a student on some seat, by name. */
export function classesOnSeats(seats: readonly LabSeat[], classes: readonly SchoolClass[], sessionClassId: string | null): ClassOnSeats[] {
  const present = new Set(seats.flatMap((seat) => (seat.student ? (seat.studentClassIds ?? []) : [])));
  if (sessionClassId) present.add(sessionClassId);
  const offered = classes
    .filter((schoolClass) => present.has(schoolClass.id))
    .map((schoolClass) => ({
      classId: schoolClass.id,
      name: schoolClass.name,
      deviceIds: seatsOfClass(seats, schoolClass.id),
      isSessionClass: schoolClass.id === sessionClassId,
    }));
  return offered.sort((a, b) => Number(b.isSessionClass) - Number(a.isSessionClass) || a.name.localeCompare(b.name, undefined, { numeric: true }));
}
