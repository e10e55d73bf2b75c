/** Host state as TanStack queries: one key per host read, mutations invalidate what they change. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { HostArgs, SyncStatus } from '@sinif/shared';
import { host } from './host.ts';

export const queryKeys = {
  appInfo: ['app.info'] as const,
  syncStatus: ['library.status'] as const,
  lessons: (search: string) => ['library.list', search] as const,
  lesson: (lessonId: string) => ['library.openLesson', lessonId] as const,
};

/** How often the progress bar refreshes while a sync runs. */
const syncPollMs = 500;
/** app.info is a local read; polling it keeps the online badge honest and shows a revoked session within seconds. */
const appInfoPollMs = 3_000;

export function useAppInfo() {
  return useQuery({
    queryKey: queryKeys.appInfo,
    queryFn: () => host.invoke('app.info', {}),
    refetchInterval: appInfoPollMs,
  });
}

export function useSyncStatus(initial: SyncStatus | undefined) {
  return useQuery({
    queryKey: queryKeys.syncStatus,
    queryFn: () => host.invoke('library.status', {}),
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.state === 'syncing' ? syncPollMs : false),
  });
}

export function useLessons(search: string) {
  return useQuery({
    queryKey: queryKeys.lessons(search),
    queryFn: () => host.invoke('library.list', search ? { search } : {}),
    placeholderData: keepPreviousData,
  });
}

export function useOpenedLesson(lessonId: string) {
  return useQuery({
    queryKey: queryKeys.lesson(lessonId),
    queryFn: () => host.invoke('library.openLesson', { lessonId }),
    // A failed open is usually "not offline yet": retrying will not help, syncing will.
    retry: false,
  });
}

export function useStartSync() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => host.invoke('library.sync', {}),
    onSuccess: (status) => {
      client.setQueryData(queryKeys.syncStatus, status);
    },
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.appInfo }),
  });
}

export function useEnrol() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (args: HostArgs<'device.enrol'>) => host.invoke('device.enrol', args),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.appInfo }),
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (args: HostArgs<'session.signIn'>) => host.invoke('session.signIn', args),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.appInfo }),
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => host.invoke('session.signOut', {}),
    // Whatever the server said, the UI must not keep showing the last user's library.
    onSettled: async () => {
      client.removeQueries({ queryKey: ['library.list'] });
      client.removeQueries({ queryKey: ['library.openLesson'] });
      client.removeQueries({ queryKey: ['library.browse'] });
      client.removeQueries({ queryKey: ['library.facets'] });
      client.removeQueries({ queryKey: ['library.downloads'] });
      await client.invalidateQueries({ queryKey: queryKeys.appInfo });
    },
  });
}
