/** This PC's storage and download settings as TanStack queries over settings.* and storage.usage. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { HostArgs } from '@sinif/shared';
import { host } from './host.ts';

export const settingsKeys = {
  settings: ['settings.get'] as const,
  usage: ['storage.usage'] as const,
};

/** Storage fills while a sync runs on this screen's PC: refresh the bar now and then. */
const usagePollMs = 5_000;

export function useDeviceSettings() {
  return useQuery({ queryKey: settingsKeys.settings, queryFn: () => host.invoke('settings.get', {}) });
}

export function useStorageUsage() {
  return useQuery({ queryKey: settingsKeys.usage, queryFn: () => host.invoke('storage.usage', {}), refetchInterval: usagePollMs });
}

export function useSaveSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (args: HostArgs<'settings.set'>) => host.invoke('settings.set', args),
    onSuccess: (settings) => client.setQueryData(settingsKeys.settings, settings),
    // A lower quota evicts at once: the usage figures change too.
    onSettled: () => client.invalidateQueries({ queryKey: settingsKeys.usage }),
  });
}
