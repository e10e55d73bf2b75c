import { Type, type Static } from 'typebox';

export const Role = Type.Union([
  Type.Literal('region_admin'),
  Type.Literal('school_it_admin'),
  Type.Literal('teacher'),
  Type.Literal('student'),
]);
export type Role = Static<typeof Role>;

export const UserSummary = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Role),
  schoolId: Type.String(),
});
export type UserSummary = Static<typeof UserSummary>;

export const Seat = Type.Object({
  deviceId: Type.String(),
  seatName: Type.String(),
  labId: Type.String(),
  labName: Type.String(),
  schoolId: Type.String(),
  schoolName: Type.String(),
});
export type Seat = Static<typeof Seat>;
