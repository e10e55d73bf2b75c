/**
 * Co-teaching through the host: ask to join, invite, and the school's people
 * who may co-teach. Each change refreshes `lab.state` at once (the invited
 * PC's own view changes by itself within a poll).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { host } from './host.ts';
import { labStateKey } from './lab-queries.ts';

const coTeachersKey = ['lab.coTeachers'] as const;
/** Asks and who is online change while the panel is open. */
const coTeachersPollMs = 5_000;

export function useCoTeachers(enabled: boolean) {
  return useQuery({ queryKey: coTeachersKey, queryFn: () => host.invoke('lab.coTeachers', {}), enabled, refetchInterval: coTeachersPollMs });
}

function useLabChange<A>(call: (args: A) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: labStateKey });
      await client.invalidateQueries({ queryKey: coTeachersKey });
    },
  });
}

export const useLabAskToJoin = () => useLabChange(() => host.invoke('lab.askToJoin', {}));
export const useLabInvite = () => useLabChange((userId: string) => host.invoke('lab.invite', { userId }));
