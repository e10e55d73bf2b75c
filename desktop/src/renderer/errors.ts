/** Turns whatever a host call threw into a translation key the user can act on. */
import type { TFunction } from 'i18next';
import { HostCallError } from './host.ts';
import { en } from './i18n/locales/en.ts';

type ErrorKey = keyof typeof en.errors;

function isErrorKey(code: string): code is ErrorKey {
  return Object.prototype.hasOwnProperty.call(en.errors, code);
}

export function errorCode(error: unknown): ErrorKey {
  if (error instanceof HostCallError && isErrorKey(error.code)) return error.code;
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && isErrorKey(code)) return code;
  }
  return 'INTERNAL';
}

export function errorText(t: TFunction, error: unknown): string {
  return t(`errors.${errorCode(error)}`);
}
