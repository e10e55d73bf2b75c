import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLibraryPages } from '../../library-queries.ts';

/**
 * The lesson to push, picked from the library browser's first page for what
 * the teacher types: a 100k-lesson library never lands in one <select>.
 */
export function LessonPicker({ value, onChange }: { value: string; onChange: (lessonId: string) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const pages = useLibraryPages({ search });
  const lessons = pages.data?.pages[0]?.lessons ?? [];
  const chosen = lessons.some((l) => l.id === value) ? value : (lessons[0]?.id ?? '');
  // The teacher's choice follows the list: a search that drops it picks the first hit.
  useEffect(() => {
    if (chosen !== value) onChange(chosen);
  }, [chosen, value, onChange]);
  return (
    <>
      <label>
        {t('lab.findLesson')}
        <input type="search" value={search} maxLength={200} onChange={(e) => setSearch(e.target.value)} data-testid="push-lesson-search" />
      </label>
      <label>
        {t('lab.chooseLesson')}
        <select value={chosen} onChange={(e) => onChange(e.target.value)} data-testid="push-lesson-select">
          {lessons.map((lesson) => (
            <option key={lesson.id} value={lesson.id}>
              {lesson.title}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
