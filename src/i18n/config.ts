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
   * longest first: `zh-hant` takes `zh-Hant-CA` before `zh` could, and `zh` keeps
   * `zh-CN`, `zh-SG` and anything no longer range claims.
   */
  matches: readonly string[];
  /** Where i18next looks when a key is missing, in order (the locale itself first). */
  fallback: readonly string[];
  /**
   * Made from another locale by a converter instead of translated by people: every
   * interface file, guide and story of `from`, through OpenCC with these options
   * (`npm run i18n:hant`; docs/decisions/130-traditional-chinese.md).
   */
  convertedFrom?: ConvertedFrom;
}

export interface ConvertedFrom {
  /** The locale whose files are converted. */
  locale: string;
  /** opencc-js `Converter({ from, to })`: `cn` → `twp` is Simplified to Taiwan Traditional with Taiwan's words. */
  opencc: { from: string; to: string };
}

export const localeConfig = {
  zh: {
    htmlLang: 'zh-Hans',
    endonym: '简体中文',
    ogLocale: 'zh_CN',
    intl: 'zh-CN',
    matches: ['zh', 'zh-hans', 'yue-hans'],
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
  'zh-Hant': {
    htmlLang: 'zh-Hant',
    endonym: '繁體中文',
    ogLocale: 'zh_TW',
    intl: 'zh-TW',
    // Traditional script, or the regions that write it; zh-Hans-TW (Simplified in Taiwan) stays on zh.
    // Cantonese (yue) is written in Traditional characters unless it says otherwise (yue-Hans).
    matches: ['zh-hant', 'zh-tw', 'zh-hk', 'zh-mo', 'yue'],
    fallback: ['zh', 'en'],
    convertedFrom: { locale: 'zh', opencc: { from: 'cn', to: 'twp' } },
  },
} as const satisfies Record<string, LocaleConfig>;

export type Locale = keyof typeof localeConfig;

/** The source language: content is written in it first, and it is the default. */
export const defaultLocale: Locale = 'zh';

export const locales = Object.keys(localeConfig) as Locale[];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.hasOwn(localeConfig, value);
}

/** How a converted locale is made (`convertedFrom`), or undefined for a locale people translate. */
export function convertedFrom(locale: Locale): ConvertedFrom | undefined {
  return (localeConfig[locale] as LocaleConfig).convertedFrom;
}

/** Name of the cookie that remembers a reader's explicit language choice. */
export const localeCookie = 'tx_lang';
