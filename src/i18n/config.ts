/**
 * The languages of the portal. Adding a language is an entry here plus a folder
 * `locales/<code>/` with the same files as `locales/zh/` (see CONTRIBUTING-TRANSLATIONS.md).
 * Nothing else in the code names a language.
 */
export interface LocaleConfig {
  /** BCP 47 tag for `<html lang>`: it picks the right CJK glyphs and voice. */
  htmlLang: string;
  /** The language's name in its own script, as readers look for it. */
  endonym: string;
  /** Open Graph locale (`og:locale`). */
  ogLocale: string;
  /** Intl locale for numbers and dates. */
  intl: string;
  /**
   * Accept-Language ranges that choose this locale, matched on subtag boundaries,
   * longest first: `zh` takes `zh-CN`, `zh-TW`, `zh-Hant-HK`… until a Traditional
   * Chinese locale claims `zh-hant`, `zh-tw`, `zh-hk`.
   */
  matches: readonly string[];
  /** Where i18next looks when a key is missing, in order (the locale itself first). */
  fallback: readonly string[];
}

export const localeConfig = {
  zh: {
    htmlLang: 'zh-Hans',
    endonym: '简体中文',
    ogLocale: 'zh_CN',
    intl: 'zh-CN',
    matches: ['zh'],
    fallback: ['en'],
  },
  en: {
    htmlLang: 'en',
    endonym: 'English',
    ogLocale: 'en_GB',
    intl: 'en-GB',
    matches: ['en'],
    fallback: ['zh'],
  },
  es: {
    htmlLang: 'es',
    endonym: 'Español',
    ogLocale: 'es_ES',
    intl: 'es',
    matches: ['es'],
    fallback: ['en', 'zh'],
  },
  ja: {
    htmlLang: 'ja',
    endonym: '日本語',
    ogLocale: 'ja_JP',
    intl: 'ja-JP',
    matches: ['ja'],
    fallback: ['zh', 'en'],
  },
} as const satisfies Record<string, LocaleConfig>;

export type Locale = keyof typeof localeConfig;

/** The source language: content is written in it first, and it is the default. */
export const defaultLocale: Locale = 'zh';

export const locales = Object.keys(localeConfig) as Locale[];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.hasOwn(localeConfig, value);
}

/** Name of the cookie that remembers a reader's explicit language choice. */
export const localeCookie = 'tx_lang';
