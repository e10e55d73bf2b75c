import { describe, expect, it } from 'vitest';
import type { LabSeat, SchoolClass } from '@sinif/shared';
import { classesOnSeats, seatsOfClass } from '../../src/renderer/screens/lab/seat-selection.ts';

const directives = { lock: null, lessonId: null, siteUrl: null, allowlist: null };
function seat(deviceId: string, classIds: string[] | undefined, signedIn = true): LabSeat {
  return {
    deviceId,
    seatName: deviceId,
    x: null,
    y: null,
    online: signedIn,
    student: signedIn ? { userId: `u-${deviceId}`, displayName: deviceId } : null,
    handRaised: false,
    appVersion: null,
    directives,
    lastDelivery: null,
    studentClassIds: classIds,
  };
}
const schoolClass = (id: string, name: string): SchoolClass => ({ id, schoolId: 's', name, teacherCount: 1, studentCount: 20 });

describe('seats by class', () => {
  const seats = [seat('PC-1', ['7a']), seat('PC-2', ['7b', '7a']), seat('PC-3', ['7b']), seat('PC-4', undefined), seat('PC-5', ['7a'], false)];
  const classes = [schoolClass('7b', '7B'), schoolClass('7a', '7A'), schoolClass('8a', '8A'), schoolClass('9a', '9A')];

  it("picks the seats whose signed-in student is in the class, never an empty seat", () => {
    expect(seatsOfClass(seats, '7a')).toEqual(['PC-1', 'PC-2']);
    expect(seatsOfClass(seats, '8a')).toEqual([]);
  });

  it("offers the session's class first (even with nobody in it yet), then the classes present on seats by name", () => {
    expect(classesOnSeats(seats, classes, '9a').map((c) => [c.name, c.deviceIds.length, c.isSessionClass])).toEqual([
      ['9A', 0, true],
      ['7A', 2, false],
      ['7B', 2, false],
    ]);
    expect(classesOnSeats(seats, classes, null).map((c) => c.classId)).toEqual(['7a', '7b']);
  });
});
