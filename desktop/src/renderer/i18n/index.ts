/**
 * UI language. Azerbaijani is the default; the choice is remembered per PC
 * (localStorage) because a lab seat is usually used by one class language.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { LanguageCode } from '@sinif/shared';
import { az } from './locales/az.ts';
import { en } from './locales/en.ts';
import { hy } from './locales/hy.ts';
import { ru } from './locales/ru.ts';

export const uiLanguages: readonly LanguageCode[] = ['az', 'hy', 'ru', 'en'];
const storageKey = 'sinif.language';

function isUiLanguage(value: unknown): value is LanguageCode {
  return typeof value === 'string' && (uiLanguages as readonly string[]).includes(value);
}

function storedLanguage(): LanguageCode {
  try {
    const value = window.localStorage.getItem(storageKey);
    return isUiLanguage(value) ? value : 'az';
  } catch {
    // Storage can be disabled by policy; the default language still works.
    return 'az';
  }
}

export async function setupI18n(): Promise<typeof i18next> {
  const lng = storedLanguage();
  await i18next.use(initReactI18next).init({
    lng,
    fallbackLng: 'en',
    supportedLngs: [...uiLanguages],
    resources: {
      az: { translation: az },
      hy: { translation: hy },
      ru: { translation: ru },
      en: { translation: en },
    },
    // React already escapes text it renders.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  return i18next;
}

export async function chooseLanguage(language: string): Promise<void> {
  if (!isUiLanguage(language)) return;
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
  try {
    window.localStorage.setItem(storageKey, language);
  } catch {
    // Not persisted; the choice still holds for this run.
  }
}
