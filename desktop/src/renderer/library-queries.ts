/** The library browser's host reads and actions as TanStack queries (see queries.ts for the pattern). */
import { useEffect, useRef } from 'react';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LessonDownload, LibraryFilter } from '@sinif/shared';
import { host } from './host.ts';

export const libraryKeys = {
  /** Prefix of every page query: invalidate it when download states or the catalog change. */
  pages: ['library.browse'] as const,
  page: (filter: LibraryFilter) => ['library.browse', filter] as const,
  facets: (filter: LibraryFilter) => ['library.facets', filter] as const,
  downloads: ['library.downloads'] as const,
};

/** Lessons per "show more" step. */
export const LIBRARY_PAGE_SIZE = 50;
/** How often per-lesson progress refreshes while a download runs (as the sync's progress does). */
const downloadPollMs = 500;

/** The filter as host arguments: only what is set (Electron's IPC keeps undefined keys). */
export function filterArgs(filter: LibraryFilter): LibraryFilter {
  const args: LibraryFilter = {};
  if (filter.search) args.search = filter.search;
  if (filter.subject !== undefined) args.subject = filter.subject;
  if (filter.grade !== undefined) args.grade = filter.grade;
  if (filter.language !== undefined) args.language = filter.language;
  return args;
}

export function useLibraryPages(filter: LibraryFilter) {
  const args = filterArgs(filter);
  return useInfiniteQuery({
    queryKey: libraryKeys.page(args),
    queryFn: ({ pageParam }) => host.invoke('library.browse', { ...args, offset: pageParam, limit: LIBRARY_PAGE_SIZE }),
    initialPageParam: 0,
    getNextPageParam: (page) => page.nextOffset ?? undefined,
    // Typing or changing a filter keeps the last list on screen until the new one is there.
    placeholderData: keepPreviousData,
  });
}

export function useLibraryFacets(filter: LibraryFilter) {
  const args = filterArgs(filter);
  return useQuery({
    queryKey: libraryKeys.facets(args),
    queryFn: () => host.invoke('library.facets', args),
    placeholderData: keepPreviousData,
  });
}

/**
 * Lesson downloads running or failed, polled while one runs. When a lesson
 * stops downloading (finished or failed) the pages are refreshed, so its
 * badge says what the cache now holds.
 */
export function useLessonDownloads(): Map<string, LessonDownload> {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: libraryKeys.downloads,
    queryFn: () => host.invoke('library.downloads', {}),
    refetchInterval: (q) => (q.state.data?.downloads.some((d) => d.state === 'downloading') ? downloadPollMs : false),
  });
  const running = new Set((query.data?.downloads ?? []).filter((d) => d.state === 'downloading').map((d) => d.lessonId));
  const key = [...running].sort().join('\n');
  const before = useRef<Set<string>>(new Set());
  useEffect(() => {
    const stopped = [...before.current].some((id) => !running.has(id));
    before.current = running;
    if (stopped) void client.invalidateQueries({ queryKey: libraryKeys.pages });
    // `running` is derived from `key`: a new Set each render, so the key stands for it.
  }, [key, client]);
  return new Map((query.data?.downloads ?? []).map((d) => [d.lessonId, d]));
}

/** Puts a download the host just answered into the polled list at once, so progress shows without waiting a poll. */
function showDownload(client: ReturnType<typeof useQueryClient>, download: LessonDownload): void {
  client.setQueryData(libraryKeys.downloads, (old: { downloads: LessonDownload[] } | undefined) => ({
    downloads: [...(old?.downloads ?? []).filter((d) => d.lessonId !== download.lessonId), ...(download.state === 'done' ? [] : [download])],
  }));
}

export function useDownloadLesson() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (lessonId: string) => host.invoke('library.download', { lessonId }),
    onSuccess: (download) => {
      showDownload(client, download);
      if (download.state === 'done') void client.invalidateQueries({ queryKey: libraryKeys.pages });
    },
    onSettled: () => client.invalidateQueries({ queryKey: libraryKeys.downloads }),
  });
}

/** Cancels a lesson's download: it leaves the polled list at once, and the pages show what stayed on this PC. */
export function useCancelDownload() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (lessonId: string) => host.invoke('library.cancelDownload', { lessonId }),
    onSuccess: ({ lessonId }) => {
      client.setQueryData(libraryKeys.downloads, (old: { downloads: LessonDownload[] } | undefined) => ({
        downloads: (old?.downloads ?? []).filter((d) => d.lessonId !== lessonId),
      }));
    },
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: libraryKeys.pages });
      await client.invalidateQueries({ queryKey: libraryKeys.downloads });
    },
  });
}

/** Pins or unpins; pinning a lesson that is not (wholly) on this PC also downloads it: that is what "pin for offline" means. */
export function usePinLesson() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ lessonId, pinned, download }: { lessonId: string; pinned: boolean; download: boolean }) => {
      await host.invoke('library.pin', { lessonId, pinned });
      if (pinned && download) showDownload(client, await host.invoke('library.download', { lessonId }));
    },
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: libraryKeys.pages });
      await client.invalidateQueries({ queryKey: libraryKeys.downloads });
    },
  });
}
