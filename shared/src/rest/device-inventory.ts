/** The fleet: a PC reporting on itself, and /api/v1/admin/devices. */
import { Type, type Static } from 'typebox';
import { EntityId, IsoTime } from './ids.ts';

/** POST /api/v1/devices/me/report, authenticated by the device header alone. */
export const DeviceReportRequest = Type.Object(
  {
    freeDiskBytes: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
    appVersion: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    os: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type DeviceReportRequest = Static<typeof DeviceReportRequest>;

export const DeviceInfo = Type.Object({
  deviceId: Type.String(),
  seatName: Type.String(),
  labId: Type.String(),
  labName: Type.String(),
  schoolId: Type.String(),
  os: Type.Union([Type.String(), Type.Null()]),
  appVersion: Type.Union([Type.String(), Type.Null()]),
  enrolledAt: IsoTime,
  lastSeenAt: Type.Union([IsoTime, Type.Null()]),
  lastAddress: Type.Union([Type.String(), Type.Null()]),
  freeDiskBytes: Type.Union([Type.Integer(), Type.Null()]),
  revokedAt: Type.Union([IsoTime, Type.Null()]),
});
export type DeviceInfo = Static<typeof DeviceInfo>;

export const DeviceListQuery = Type.Object(
  { schoolId: EntityId, labId: Type.Optional(EntityId) },
  { additionalProperties: false },
);
export type DeviceListQuery = Static<typeof DeviceListQuery>;
export const DeviceList = Type.Object({ devices: Type.Array(DeviceInfo) });
export type DeviceList = Static<typeof DeviceList>;

export const DeviceParams = Type.Object({ deviceId: EntityId }, { additionalProperties: false });
export type DeviceParams = Static<typeof DeviceParams>;

/** Rename and/or move to another lab of the same school. */
export const UpdateDeviceRequest = Type.Object(
  {
    seatName: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '\\S' })),
    labId: Type.Optional(EntityId),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateDeviceRequest = Static<typeof UpdateDeviceRequest>;
