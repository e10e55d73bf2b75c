import { useTranslation } from 'react-i18next';
import type { LessonDownload, LibraryLesson } from '@sinif/shared';
import { downloadErrorText } from '../download-errors.ts';
import { formatBytes } from '../format.ts';

interface LibraryLessonItemProps {
  lesson: LibraryLesson;
  /** This lesson's download, while it runs or after it failed. */
  download: LessonDownload | undefined;
  onOpen: (lessonId: string) => void;
  onDownload: (lessonId: string) => void;
  /** Stops this lesson's running download (what is verified stays). */
  onCancel: (lessonId: string) => void;
  onPin: (lesson: LibraryLesson, pinned: boolean) => void;
  /** A download or pin request for this lesson is on its way to the host. */
  busy: boolean;
}

function percentOf(done: number, total: number, language: string): string {
  const share = total === 0 ? 1 : Math.min(1, done / total);
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** One lesson: title (opens it), what it is, whether it is on this PC, and what can be done about that. */
export function LibraryLessonItem({ lesson, download, onOpen, onDownload, onCancel, onPin, busy }: LibraryLessonItemProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'az';
  const bytes = (n: number) => formatBytes(t, n, language);
  const downloading = download?.state === 'downloading';
  const failed = download?.state === 'failed' ? download : undefined;
  const state = lesson.downloadState;
  const downloadLabel = failed ? t('libraryBrowser.retry') : state === 'partial' ? t('libraryBrowser.downloadRest') : t('libraryBrowser.download');

  return (
    <li className="lesson-item" data-testid="lesson-item" data-lesson-id={lesson.id} data-download-state={state}>
      {/* The title stays the item's first button: it is how a lesson is opened. */}
      <button type="button" className="lesson-title" onClick={() => onOpen(lesson.id)}>
        {lesson.title}
      </button>
      <p className="lesson-meta">
        <span>{lesson.subject}</span>
        <span>{t('library.grade', { grade: lesson.grade })}</span>
        <span lang={lesson.language}>{t(`languageNames.${lesson.language}`)}</span>
        {!downloading && (
          <span className={`badge download-${state}`} data-testid="download-state" data-state={state}>
            {t(`libraryBrowser.state.${state}`)}
          </span>
        )}
        <span className="lesson-size" data-testid="lesson-size">
          {state === 'partial' && !downloading
            ? t('libraryBrowser.partSize', { done: bytes(lesson.downloadedBytes), total: bytes(lesson.sizeBytes) })
            : bytes(lesson.sizeBytes)}
        </span>
      </p>
      {lesson.description && <p className="lesson-description">{lesson.description}</p>}
      {downloading && (
        <div className="lesson-progress" data-testid="download-progress" role="status">
          <progress
            aria-label={t('libraryBrowser.progressLabel', { title: lesson.title })}
            max={download.bytesTotal || 1}
            value={download.bytesDone}
          />
          <span>
            {t('libraryBrowser.progress', {
              done: bytes(download.bytesDone),
              total: bytes(download.bytesTotal),
              percent: percentOf(download.bytesDone, download.bytesTotal, language),
            })}
          </span>
          <button
            type="button"
            data-testid="cancel-download"
            aria-label={t('libraryBrowser.cancelLabel', { title: lesson.title })}
            disabled={busy}
            onClick={() => onCancel(lesson.id)}
          >
            {t('libraryBrowser.cancel')}
          </button>
        </div>
      )}
      {failed?.error && (
        <p className="error" role="alert" data-testid="download-error">
          {downloadErrorText(t, failed.error)}
        </p>
      )}
      <div className="lesson-actions">
        {state !== 'offline' && !downloading && (
          <button
            type="button"
            className="primary"
            data-testid="download-lesson"
            aria-label={`${downloadLabel}: ${lesson.title}`}
            disabled={busy}
            onClick={() => onDownload(lesson.id)}
          >
            {downloadLabel}
          </button>
        )}
        <button
          type="button"
          data-testid="pin-lesson"
          aria-pressed={lesson.pinned}
          title={t('libraryBrowser.pinHint')}
          disabled={busy}
          onClick={() => onPin(lesson, !lesson.pinned)}
        >
          {lesson.pinned ? t('libraryBrowser.pinned') : t('libraryBrowser.pin')}
        </button>
      </div>
    </li>
  );
}
