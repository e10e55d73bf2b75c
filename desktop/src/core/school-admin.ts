/**
 * Administration host methods, mapped onto the server's /api/v1/admin routes.
 * Everything acts in the signed-in person's own school; the server decides
 * whether the person may (a refusal comes back as FORBIDDEN).
 */
import {
  AdminUser,
  AuditPage,
  CreateEnrolmentCodeResponse,
  CreateUserResponse,
  DeviceInfo,
  DeviceList,
  EnrolmentCodeInfo,
  EnrolmentCodeList,
  HostErrorCode,
  ImportRosterResponse,
  Lab,
  LabList,
  PasswordResetResponse,
  RosterRowProblem,
  UserList,
  checker,
  type HostArgs,
  type HostResult,
} from '@sinif/shared';
import { Type } from 'typebox';
import { HostFailure } from '../host/host-failure.ts';
import type { ServerAuth, ServerClient } from './server-client.ts';

/** The signed-in person's credentials plus the school they administer. */
export interface AdminAuth extends ServerAuth {
  schoolId: string;
}

const checks = {
  lab: checker(Lab),
  labs: checker(LabList),
  code: checker(EnrolmentCodeInfo),
  codes: checker(EnrolmentCodeList),
  newCode: checker(CreateEnrolmentCodeResponse),
  device: checker(DeviceInfo),
  devices: checker(DeviceList),
  user: checker(AdminUser),
  users: checker(UserList),
  newUser: checker(CreateUserResponse),
  imported: checker(ImportRosterResponse),
  reset: checker(PasswordResetResponse),
  audit: checker(AuditPage),
};
const rowProblems = checker(Type.Object({ rows: Type.Array(RosterRowProblem) }));

export function query(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined) params.set(key, String(value));
  return params.toString();
}

export const id = (value: string): string => encodeURIComponent(value);

export class SchoolAdmin {
  readonly #client: ServerClient;

  constructor(client: ServerClient) {
    this.#client = client;
  }

  labs(auth: AdminAuth): Promise<HostResult<'admin.labs.list'>> {
    return this.#client.call(auth, 'GET', `/api/v1/admin/labs?${query({ schoolId: auth.schoolId })}`, checks.labs);
  }

  createLab(auth: AdminAuth, args: HostArgs<'admin.labs.create'>): Promise<HostResult<'admin.labs.create'>> {
    return this.#client.call(auth, 'POST', '/api/v1/admin/labs', checks.lab, { schoolId: auth.schoolId, name: args.name });
  }

  enrolmentCodes(auth: AdminAuth): Promise<HostResult<'admin.enrolmentCodes.list'>> {
    return this.#client.call(auth, 'GET', `/api/v1/admin/enrolment-codes?${query({ schoolId: auth.schoolId })}`, checks.codes);
  }

  createEnrolmentCode(auth: AdminAuth, args: HostArgs<'admin.enrolmentCodes.create'>): Promise<HostResult<'admin.enrolmentCodes.create'>> {
    return this.#client.call(auth, 'POST', '/api/v1/admin/enrolment-codes', checks.newCode, args);
  }

  revokeEnrolmentCode(auth: AdminAuth, args: HostArgs<'admin.enrolmentCodes.revoke'>): Promise<HostResult<'admin.enrolmentCodes.revoke'>> {
    return this.#client.call(auth, 'POST', `/api/v1/admin/enrolment-codes/${id(args.codeId)}/revoke`, checks.code);
  }

  devices(auth: AdminAuth, args: HostArgs<'admin.devices.list'>): Promise<HostResult<'admin.devices.list'>> {
    return this.#client.call(auth, 'GET', `/api/v1/admin/devices?${query({ schoolId: auth.schoolId, labId: args.labId })}`, checks.devices);
  }

  renameDevice(auth: AdminAuth, args: HostArgs<'admin.devices.rename'>): Promise<HostResult<'admin.devices.rename'>> {
    return this.#client.call(auth, 'PATCH', `/api/v1/admin/devices/${id(args.deviceId)}`, checks.device, { seatName: args.seatName });
  }

  moveDevice(auth: AdminAuth, args: HostArgs<'admin.devices.move'>): Promise<HostResult<'admin.devices.move'>> {
    return this.#client.call(auth, 'PATCH', `/api/v1/admin/devices/${id(args.deviceId)}`, checks.device, { labId: args.labId });
  }

  revokeDevice(auth: AdminAuth, args: HostArgs<'admin.devices.revoke'>): Promise<HostResult<'admin.devices.revoke'>> {
    return this.#client.call(auth, 'POST', `/api/v1/admin/devices/${id(args.deviceId)}/revoke`, checks.device);
  }

  users(auth: AdminAuth, args: HostArgs<'admin.users.list'>): Promise<HostResult<'admin.users.list'>> {
    const q = query({ schoolId: auth.schoolId, limit: args.limit, after: args.after });
    return this.#client.call(auth, 'GET', `/api/v1/admin/users?${q}`, checks.users);
  }

  createUser(auth: AdminAuth, args: HostArgs<'admin.users.create'>): Promise<HostResult<'admin.users.create'>> {
    return this.#client.call(auth, 'POST', '/api/v1/admin/users', checks.newUser, { ...args, schoolId: auth.schoolId });
  }

  /** Bad rows are an answer, not a failure: the admin fixes the file by line number. */
  async importRoster(auth: AdminAuth, args: HostArgs<'admin.users.import'>): Promise<HostResult<'admin.users.import'>> {
    try {
      const body = { schoolId: auth.schoolId, csv: args.csv, ...(args.classId ? { classId: args.classId } : {}) };
      const response = await this.#client.call(auth, 'POST', '/api/v1/admin/users/import', checks.imported, body);
      return { imported: response.imported, problems: [] };
    } catch (error) {
      if (error instanceof HostFailure && error.code === HostErrorCode.csvInvalid && rowProblems.check(error.details)) {
        return { imported: [], problems: error.details.rows };
      }
      throw error;
    }
  }

  setUserDisabled(auth: AdminAuth, userId: string, disabled: boolean): Promise<HostResult<'admin.users.disable'>> {
    return this.#client.call(auth, 'POST', `/api/v1/admin/users/${id(userId)}/${disabled ? 'disable' : 'enable'}`, checks.user);
  }

  resetPassword(auth: AdminAuth, args: HostArgs<'admin.users.resetPassword'>): Promise<HostResult<'admin.users.resetPassword'>> {
    return this.#client.call(auth, 'POST', `/api/v1/admin/users/${id(args.userId)}/password-reset`, checks.reset);
  }

  audit(auth: AdminAuth, args: HostArgs<'admin.audit.list'>): Promise<HostResult<'admin.audit.list'>> {
    const q = query({ schoolId: auth.schoolId, limit: args.limit, before: args.before });
    return this.#client.call(auth, 'GET', `/api/v1/admin/audit?${q}`, checks.audit);
  }
}
