import { useTranslation } from 'react-i18next';
import { chooseLanguage, uiLanguages } from '../i18n/index.ts';

export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <select
      className="language-picker"
      data-testid="language-picker"
      aria-label={t('language.label')}
      value={i18n.resolvedLanguage ?? i18n.language}
      onChange={(event) => void chooseLanguage(event.target.value)}
    >
      {uiLanguages.map((code) => (
        // Each language is named in itself so a user who cannot read the current one still finds theirs.
        <option key={code} value={code} lang={code}>
          {t(`languageNames.${code}`)}
        </option>
      ))}
    </select>
  );
}
