/** Download failures in words for where they happened (one lesson, the whole sync), falling back to errors.*. */
import type { TFunction } from 'i18next';
import { errorCode } from './errors.ts';
import { en } from './i18n/locales/en.ts';

type DownloadErrorKey = keyof typeof en.libraryBrowser.downloadErrors;
type SyncErrorKey = keyof typeof en.libraryBrowser.syncErrors;

function codeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function has<T extends object>(messages: T, code: string | undefined): code is Extract<keyof T, string> {
  return code !== undefined && Object.prototype.hasOwnProperty.call(messages, code);
}

/** What to do about a lesson download that failed. */
export function downloadErrorText(t: TFunction, error: unknown): string {
  const code = codeOf(error);
  if (has(en.libraryBrowser.downloadErrors, code)) return t(`libraryBrowser.downloadErrors.${code as DownloadErrorKey}`);
  const generic = errorCode(error);
  return generic === 'INTERNAL' ? t('libraryBrowser.downloadErrors.other') : t(`errors.${generic}`);
}

/** A sync-specific message where the generic one would mislead (a file missing on the server is not "gone"); else null. */
export function syncErrorText(t: TFunction, error: unknown): string | null {
  const code = codeOf(error);
  return has(en.libraryBrowser.syncErrors, code) ? t(`libraryBrowser.syncErrors.${code as SyncErrorKey}`) : null;
}
