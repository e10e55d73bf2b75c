/**
 * The lab session through the host: the host contract is request/response, so
 * the renderer polls `lab.state` — quickly while a session runs (a lock must
 * show within half a second), slowly otherwise (to notice one starting).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { HostArgs, LabView } from '@sinif/shared';
import { host } from './host.ts';

export const labStateKey = ['lab.state'] as const;
const activePollMs = 400;
const idlePollMs = 1_500;

export function useLabState(enabled: boolean) {
  return useQuery({
    queryKey: labStateKey,
    queryFn: () => host.invoke('lab.state', {}),
    enabled,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.session ? activePollMs : idlePollMs),
    refetchIntervalInBackground: true,
  });
}

function useLabMutation<A, R>(call: (args: A) => Promise<R>, adopt?: (result: R) => LabView | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (result) => {
      const view = adopt?.(result);
      if (view) client.setQueryData(labStateKey, view);
    },
    onSettled: () => client.invalidateQueries({ queryKey: labStateKey }),
  });
}

export const useLabStart = () => useLabMutation((args: HostArgs<'lab.start'>) => host.invoke('lab.start', args), (view) => view);
export const useLabEnd = () => useLabMutation(() => host.invoke('lab.end', {}), (view) => view);
export const useLabCommand = () => useLabMutation((args: HostArgs<'lab.command'>) => host.invoke('lab.command', args));
export const useLabHand = () => useLabMutation((args: HostArgs<'lab.hand'>) => host.invoke('lab.hand', args));
export const useLabChat = () => useLabMutation((args: HostArgs<'lab.chat'>) => host.invoke('lab.chat', args));
export const useLabBlockedSite = () => useLabMutation((args: HostArgs<'lab.blockedSite'>) => host.invoke('lab.blockedSite', args));
