import { Type, type Static } from 'typebox';
import { Seat } from '../domain/people.ts';

/** Header a desktop client sends on every request once its PC is enrolled. */
export const DEVICE_HEADER = 'x-sinif-device';

export const EnrolRequest = Type.Object(
  {
    code: Type.String({ minLength: 4, maxLength: 32 }),
    seatName: Type.String({ minLength: 1, maxLength: 64 }),
    os: Type.Optional(Type.String({ maxLength: 100 })),
    appVersion: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type EnrolRequest = Static<typeof EnrolRequest>;

export const EnrolResponse = Type.Object({
  seat: Seat,
  /** Shown once; the server keeps only its hash. */
  deviceToken: Type.String(),
});
export type EnrolResponse = Static<typeof EnrolResponse>;
