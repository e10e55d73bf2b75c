/** The signed-in person as GET /api/v1/me and the `whoami` socket event show them. */
import type { MeResponse } from '@sinif/shared';
import type { SessionUser } from './sessions.ts';

export function meOf(user: SessionUser): MeResponse {
  return {
    user: { id: user.id, username: user.username, displayName: user.displayName, roles: user.roles, schoolId: user.schoolId },
    grants: user.grants,
    mustChangePassword: user.mustChangePassword,
    deviceId: user.deviceId,
  };
}
