import { useTranslation } from 'react-i18next';
import type { LanguageCode, LibraryFacets, LibraryFilter } from '@sinif/shared';

interface LibraryFiltersProps {
  search: string;
  onSearch: (search: string) => void;
  filter: Omit<LibraryFilter, 'search'>;
  onFilter: (filter: Omit<LibraryFilter, 'search'>) => void;
  /** Counts for the options; absent while the first counts load. */
  facets: LibraryFacets | undefined;
}

const LANGUAGES: readonly LanguageCode[] = ['az', 'hy', 'ru', 'en'];

function isLanguage(value: string): value is LanguageCode {
  return (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Search box and subject / grade / language choices, each option with the
 * number of lessons it would show. Selects, not chips: a national library
 * has dozens of subjects, and a select stays one line on a small lab screen.
 */
export function LibraryFilters({ search, onSearch, filter, onFilter, facets }: LibraryFiltersProps) {
  const { t } = useTranslation();
  const filtered = filter.subject !== undefined || filter.grade !== undefined || filter.language !== undefined;
  const option = (name: string, count: number) => t('libraryBrowser.option', { name, count });

  return (
    <div className="library-filters" role="search" aria-label={t('libraryBrowser.filters')}>
      <label className="search">
        <span className="visually-hidden">{t('library.search')}</span>
        <input
          type="search"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          placeholder={t('library.searchPlaceholder')}
          maxLength={200}
        />
      </label>
      <label>
        <span>{t('libraryBrowser.subject')}</span>
        <select
          data-testid="filter-subject"
          value={filter.subject ?? ''}
          onChange={(e) => onFilter({ ...filter, subject: e.target.value === '' ? undefined : e.target.value })}
        >
          <option value="">{t('libraryBrowser.allSubjects')}</option>
          {facets?.subjects.map((s) => (
            <option key={s.value} value={s.value}>
              {option(s.value, s.count)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('libraryBrowser.grade')}</span>
        <select
          data-testid="filter-grade"
          value={filter.grade === undefined ? '' : String(filter.grade)}
          onChange={(e) => onFilter({ ...filter, grade: e.target.value === '' ? undefined : Number(e.target.value) })}
        >
          <option value="">{t('libraryBrowser.allGrades')}</option>
          {facets?.grades.map((g) => (
            <option key={g.value} value={String(g.value)}>
              {option(t('libraryBrowser.gradeName', { grade: g.value }), g.count)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('libraryBrowser.language')}</span>
        <select
          data-testid="filter-language"
          value={filter.language ?? ''}
          onChange={(e) => onFilter({ ...filter, language: isLanguage(e.target.value) ? e.target.value : undefined })}
        >
          <option value="">{t('libraryBrowser.allLanguages')}</option>
          {facets?.languages.map((l) => (
            <option key={l.value} value={l.value} lang={l.value}>
              {option(t(`languageNames.${l.value}`), l.count)}
            </option>
          ))}
        </select>
      </label>
      {filtered && (
        <button type="button" onClick={() => onFilter({})}>
          {t('libraryBrowser.clearFilters')}
        </button>
      )}
    </div>
  );
}
