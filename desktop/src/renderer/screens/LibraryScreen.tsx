import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, LessonListItem, Seat, UserSummary } from '@sinif/shared';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { SessionBar, type MainView } from '../components/SessionBar.tsx';
import { SyncPanel } from '../components/SyncPanel.tsx';
import { useLessons } from '../queries.ts';

interface LibraryScreenProps {
  info: AppInfo & { seat: Seat; user: UserSummary };
  onOpenLesson: (lessonId: string) => void;
  claimAutoSync: () => boolean;
  view?: { current: MainView; onChange: (view: MainView) => void };
}

export function LibraryScreen({ info, onOpenLesson, claimAutoSync, view }: LibraryScreenProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search.trim());
  const lessons = useLessons(deferredSearch);

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
          <label className="search">
            <span className="visually-hidden">{t('library.search')}</span>
            <input
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder={t('library.searchPlaceholder')}
              maxLength={200}
            />
          </label>
        </div>
        <ErrorMessage error={lessons.error} />
        <LessonList items={lessons.data} search={deferredSearch} onOpen={onOpenLesson} />
      </main>
    </>
  );
}

interface LessonListProps {
  items: LessonListItem[] | undefined;
  search: string;
  onOpen: (lessonId: string) => void;
}

function LessonList({ items, search, onOpen }: LessonListProps) {
  const { t } = useTranslation();
  if (!items) return <p className="muted">{t('app.loading')}</p>;
  if (items.length === 0) {
    return <p className="muted empty">{search ? t('library.noMatches', { search }) : t('library.empty')}</p>;
  }
  return (
    <ul className="lesson-list" data-testid="lesson-list">
      {items.map((lesson) => (
        <li key={lesson.id} className="lesson-item" data-testid="lesson-item" data-lesson-id={lesson.id}>
          <button type="button" className="lesson-title" onClick={() => onOpen(lesson.id)}>
            {lesson.title}
          </button>
          <p className="lesson-meta">
            <span>{lesson.subject}</span>
            <span>{t('library.grade', { grade: lesson.grade })}</span>
            <span lang={lesson.language}>{t(`languageNames.${lesson.language}`)}</span>
            <span className={lesson.availableOffline ? 'badge offline-ready' : 'badge needs-server'}>
              {lesson.availableOffline ? t('library.availableOffline') : t('library.notOffline')}
            </span>
          </p>
          {lesson.description && <p className="lesson-description">{lesson.description}</p>}
        </li>
      ))}
    </ul>
  );
}
