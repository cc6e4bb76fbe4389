import type { Locale } from './config';
import { matchLocale, parseAcceptLanguage, readCookie } from './negotiate';

/**
 * The staff workspace speaks the staff's languages only: Chinese and English. Its
 * strings are the `staff` namespace, which exists in these locales alone
 * (`locales/namespace-locales.json` says so to the translation tools).
 */
export const staffLocales = ['zh', 'en'] as const satisfies readonly Locale[];
export type StaffLocale = (typeof staffLocales)[number];

/** The workspace's language when nothing says otherwise: the first of `staffLocales`. */
export const defaultStaffLocale: StaffLocale = staffLocales[0];

/** Remembers the language a staff member last used the workspace in. */
export const staffLocaleCookie = 'tx_staff_lang';

export function isStaffLocale(value: unknown): value is StaffLocale {
  return typeof value === 'string' && (staffLocales as readonly string[]).includes(value);
}

/** `/staff/en/offer/` from (`en`, `/offer/`). */
export function staffPath(locale: StaffLocale, rest = '/'): string {
  return `/staff/${locale}${rest.startsWith('/') ? rest : `/${rest}`}`;
}

/**
 * The workspace language for a reader's locale: itself, or one of the same language in
 * another script (a Traditional Chinese reader works in the Chinese workspace).
 */
export function staffLocaleFor(locale: string | undefined): StaffLocale | undefined {
  if (!locale) return undefined;
  if (isStaffLocale(locale)) return locale;
  const language = locale.split('-')[0];
  return staffLocales.find((s) => s === language);
}

/** The workspace language: the last one used, then the browser's, then the default (Chinese). */
export function negotiateStaffLocale(input: { cookie?: string | null; acceptLanguage?: string | null }): StaffLocale {
  if (isStaffLocale(input.cookie)) return input.cookie;
  for (const { tag } of parseAcceptLanguage(input.acceptLanguage)) {
    const locale = tag === '*' ? defaultStaffLocale : staffLocaleFor(matchLocale(tag));
    if (locale) return locale;
  }
  return defaultStaffLocale;
}

export { readCookie };
