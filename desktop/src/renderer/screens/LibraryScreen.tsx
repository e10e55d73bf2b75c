import { useDeferredValue, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, LibraryFilter, LibraryLesson, Seat, UserSummary } from '@sinif/shared';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { LibraryFilters } from '../components/LibraryFilters.tsx';
import { LibraryLessonItem } from '../components/LibraryLessonItem.tsx';
import { SessionBar, type MainView } from '../components/SessionBar.tsx';
import { SyncPanel } from '../components/SyncPanel.tsx';
import { downloadErrorText } from '../download-errors.ts';
import { useCancelDownload, useDownloadLesson, useLessonDownloads, useLibraryFacets, useLibraryPages, usePinLesson } from '../library-queries.ts';
import '../library.css';

interface LibraryScreenProps {
  info: AppInfo & { seat: Seat; user: UserSummary };
  onOpenLesson: (lessonId: string) => void;
  claimAutoSync: () => boolean;
  view?: { current: MainView; onChange: (view: MainView) => void };
}

export function LibraryScreen({ info, onOpenLesson, claimAutoSync, view }: LibraryScreenProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<Omit<LibraryFilter, 'search'>>({});
  const deferredSearch = useDeferredValue(search.trim());
  const query: LibraryFilter = { ...filter, search: deferredSearch };
  const pages = useLibraryPages(query);
  const facets = useLibraryFacets(query);
  const downloads = useLessonDownloads();
  const download = useDownloadLesson();
  const pin = usePinLesson();
  const cancel = useCancelDownload();
  const lessons = pages.data?.pages.flatMap((page) => page.lessons);
  const filtered = filter.subject !== undefined || filter.grade !== undefined || filter.language !== undefined;
  const pending = download.isPending ? download.variables : pin.isPending ? pin.variables.lessonId : cancel.isPending ? cancel.variables : undefined;
  const actionError = download.error ?? pin.error ?? cancel.error;
  // An unfiltered search ranks only a bounded set of candidates (core
  // library-search.ts), so the list can end before the facets' total.
  const capped = lessons !== undefined && facets.data !== undefined && deferredSearch !== '' && !pages.hasNextPage && lessons.length < facets.data.total;

  return (
    <>
      <SessionBar info={info} view={view} />
      <main className="library">
        {!info.online && (
          <p className="notice" role="status">
            {t('header.offlineHint')}
          </p>
        )}
        <SyncPanel initial={info.sync} online={info.online} claimAutoSync={claimAutoSync} />
        <div className="library-head">
          <h1>{t('library.title')}</h1>
        </div>
        <LibraryFilters search={search} onSearch={setSearch} filter={filter} onFilter={setFilter} facets={facets.data} />
        <ErrorMessage error={pages.error ?? facets.error} />
        {actionError && (
          <p className="error" role="alert" data-testid="error-message">
            {downloadErrorText(t, actionError)}
          </p>
        )}
        {lessons && facets.data && lessons.length > 0 && (
          <p className="muted library-count" data-testid="library-count">
            {t('libraryBrowser.showing', { shown: lessons.length, total: facets.data.total })}
          </p>
        )}
        <LessonList
          items={lessons}
          search={deferredSearch}
          filtered={filtered}
          render={(lesson) => (
            <LibraryLessonItem
              key={lesson.id}
              lesson={lesson}
              download={downloads.get(lesson.id)}
              onOpen={onOpenLesson}
              onDownload={(lessonId) => download.mutate(lessonId)}
              onCancel={(lessonId) => cancel.mutate(lessonId)}
              onPin={(l, pinned) => pin.mutate({ lessonId: l.id, pinned, download: l.downloadState !== 'offline' })}
              busy={pending === lesson.id}
            />
          )}
        />
        {pages.hasNextPage && (
          <button type="button" className="show-more" data-testid="show-more" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
            {pages.isFetchingNextPage ? t('libraryBrowser.loadingMore') : t('libraryBrowser.showMore')}
          </button>
        )}
        {capped && (
          <p className="muted library-count" data-testid="library-best-matches">
            {t('libraryBrowser.bestMatches', { shown: lessons.length })}
          </p>
        )}
      </main>
    </>
  );
}

interface LessonListProps {
  items: LibraryLesson[] | undefined;
  search: string;
  /** A subject/grade/language is chosen: an empty list then means "nothing matches", not "nothing synced". */
  filtered: boolean;
  render: (lesson: LibraryLesson) => ReactNode;
}

function LessonList({ items, search, filtered, render }: LessonListProps) {
  const { t } = useTranslation();
  if (!items) return <p className="muted">{t('app.loading')}</p>;
  if (items.length === 0) {
    let text = t('library.empty');
    if (filtered) text = t('libraryBrowser.noneMatch');
    else if (search) text = t('library.noMatches', { search });
    return <p className="muted empty">{text}</p>;
  }
  return (
    <ul className="lesson-list" data-testid="lesson-list">
      {items.map(render)}
    </ul>
  );
}
