import { useTranslation } from 'react-i18next';
import type { OpenedResource } from '@sinif/shared';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { TopBar } from '../components/TopBar.tsx';
import { useOpenedLesson } from '../queries.ts';

export function LessonViewer({ lessonId, onBack }: { lessonId: string; onBack: () => void }) {
  const { t } = useTranslation();
  const opened = useOpenedLesson(lessonId);
  const lesson = opened.data?.lesson;
  const resources = opened.data?.resources ?? [];

  return (
    <>
      <TopBar>
        <button type="button" onClick={onBack}>
          ← {t('lesson.back')}
        </button>
      </TopBar>
      <main className="lesson-viewer" data-testid="lesson-viewer">
        {opened.isPending && <p className="muted">{t('lesson.loading')}</p>}
        <ErrorMessage error={opened.error} />
        {lesson && (
          <article lang={lesson.language}>
            <h1>{lesson.title}</h1>
            <p className="lesson-meta">
              <span>{lesson.subject}</span>
              <span>{t('library.grade', { grade: lesson.grade })}</span>
            </p>
            {lesson.description && <p className="lesson-description">{lesson.description}</p>}
            <h2>{t('lesson.resources')}</h2>
            {resources.length === 0 && <p className="muted">{t('lesson.noResources')}</p>}
            {resources.map((resource) => (
              <section key={resource.id} className="resource">
                <h3>{resource.name}</h3>
                <ResourceView resource={resource} />
              </section>
            ))}
          </article>
        )}
      </main>
    </>
  );
}

function ResourceView({ resource }: { resource: OpenedResource }) {
  const { t } = useTranslation();
  const type = resource.mediaType.toLowerCase();
  if (type.startsWith('text/html') || type.startsWith('text/plain')) {
    // Empty sandbox: lesson pages are shown, never run (no scripts, forms, popups or top navigation).
    return <iframe className="resource-frame" sandbox="" src={resource.url} title={resource.name} />;
  }
  if (type.startsWith('image/')) return <img className="resource-image" src={resource.url} alt={resource.name} />;
  if (type.startsWith('video/')) {
    return <video className="resource-media" src={resource.url} controls preload="metadata" aria-label={resource.name} />;
  }
  if (type.startsWith('audio/')) {
    return <audio src={resource.url} controls preload="metadata" aria-label={resource.name} />;
  }
  return (
    <a href={resource.url} download={resource.name}>
      {t('lesson.download', { name: resource.name })}
    </a>
  );
}
