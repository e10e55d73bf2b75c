import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from './LanguagePicker.tsx';

/** The strip at the top of every screen: app name, screen-specific items, language. */
export function TopBar({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <header className="top-bar">
      <span className="brand">{t('app.name')}</span>
      <div className="top-bar-items">{children}</div>
      <LanguagePicker />
    </header>
  );
}
