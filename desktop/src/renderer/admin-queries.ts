/** Administration as TanStack queries over the admin.* host methods; mutations refresh the lists they change. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { HostArgs, HostMethod } from '@sinif/shared';
import { host } from './host.ts';

export const adminKeys = {
  all: ['admin'] as const,
  labs: ['admin', 'labs'] as const,
  codes: ['admin', 'enrolmentCodes'] as const,
  devices: ['admin', 'devices'] as const,
  users: ['admin', 'users'] as const,
  classes: ['admin', 'classes'] as const,
  classMembers: (classId: string) => ['admin', 'classes', classId, 'members'] as const,
  regions: ['admin', 'regions'] as const,
  grants: ['admin', 'grants'] as const,
  schools: (regionId: string) => ['admin', 'schools', regionId] as const,
  audit: (before: number | undefined) => ['admin', 'audit', before ?? null] as const,
};

/** The fleet view refreshes by itself: "last seen" and revocations change without us. */
const devicePollMs = 10_000;

export function useLabs() {
  return useQuery({ queryKey: adminKeys.labs, queryFn: () => host.invoke('admin.labs.list', {}) });
}

export function useEnrolmentCodes() {
  return useQuery({ queryKey: adminKeys.codes, queryFn: () => host.invoke('admin.enrolmentCodes.list', {}) });
}

export function useDevices() {
  return useQuery({
    queryKey: adminKeys.devices,
    queryFn: () => host.invoke('admin.devices.list', {}),
    refetchInterval: devicePollMs,
  });
}

export function useUsers() {
  return useQuery({ queryKey: adminKeys.users, queryFn: () => host.invoke('admin.users.list', { limit: 500 }) });
}

export function useClasses() {
  return useQuery({ queryKey: adminKeys.classes, queryFn: () => host.invoke('admin.classes.list', {}) });
}

export function useClassMembers(classId: string | null) {
  return useQuery({
    queryKey: adminKeys.classMembers(classId ?? ''),
    queryFn: () => host.invoke('admin.classes.members', { classId: classId ?? '' }),
    enabled: classId !== null,
  });
}

export function useGrants() {
  return useQuery({ queryKey: adminKeys.grants, queryFn: () => host.invoke('admin.grants', {}) });
}

export function useRegions() {
  return useQuery({ queryKey: adminKeys.regions, queryFn: () => host.invoke('admin.regions.list', {}) });
}

export function useSchools(regionId: string | null) {
  return useQuery({
    queryKey: adminKeys.schools(regionId ?? ''),
    queryFn: () => host.invoke('admin.schools.list', { regionId: regionId ?? '' }),
    enabled: regionId !== null,
  });
}

export function useAudit(before: number | undefined) {
  return useQuery({
    queryKey: adminKeys.audit(before),
    queryFn: () => host.invoke('admin.audit.list', before === undefined ? { limit: 100 } : { limit: 100, before }),
    placeholderData: keepPreviousData,
  });
}

/** A mutation of one admin method that refreshes `invalidates` (and the audit log) when done. */
function useAdminMutation<M extends HostMethod>(method: M, invalidates: readonly (readonly string[])[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (args: HostArgs<M>) => host.invoke(method, args),
    onSettled: async () => {
      await Promise.all([...invalidates, ['admin', 'audit']].map((queryKey) => client.invalidateQueries({ queryKey })));
    },
  });
}

export const useCreateLab = () => useAdminMutation('admin.labs.create', [adminKeys.labs]);
export const useCreateEnrolmentCode = () => useAdminMutation('admin.enrolmentCodes.create', [adminKeys.codes]);
export const useRevokeEnrolmentCode = () => useAdminMutation('admin.enrolmentCodes.revoke', [adminKeys.codes]);
export const useRenameDevice = () => useAdminMutation('admin.devices.rename', [adminKeys.devices]);
export const useMoveDevice = () => useAdminMutation('admin.devices.move', [adminKeys.devices]);
export const useRevokeDevice = () => useAdminMutation('admin.devices.revoke', [adminKeys.devices]);
export const useCreateUser = () => useAdminMutation('admin.users.create', [adminKeys.users]);
export const useImportRoster = () => useAdminMutation('admin.users.import', [adminKeys.users]);
export const useDisableUser = () => useAdminMutation('admin.users.disable', [adminKeys.users]);
export const useEnableUser = () => useAdminMutation('admin.users.enable', [adminKeys.users]);
export const useResetPassword = () => useAdminMutation('admin.users.resetPassword', [adminKeys.users]);
export const useCreateClass = () => useAdminMutation('admin.classes.create', [adminKeys.classes]);
/** Also refreshes the class list: its member counts change. */
export const useAddClassMembers = () => useAdminMutation('admin.classes.addMembers', [adminKeys.classes]);
export const useCreateRegion = () => useAdminMutation('admin.regions.create', [adminKeys.regions]);
export const useCreateSchool = () => useAdminMutation('admin.schools.create', [['admin', 'schools']]);
