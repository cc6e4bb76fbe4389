import { createInstance, type i18n, type TFunction } from 'i18next';
import { type Locale, localeConfig, locales } from './config';
import { type Namespace, namespaces, resources } from './resources';

const instances = new Map<Locale, i18n>();

function reportMissing(lngs: readonly string[], ns: string, key: string) {
  // Readers get the fallback text; developers hear about the gap.
  if (import.meta.env?.DEV || process.env.NODE_ENV === 'test') {
    console.warn(`[i18n] missing "${ns}:${key}" for ${lngs.join(', ')}`);
  }
}

/** The i18next instance for a locale, created once and kept. */
export function getI18n(locale: Locale): i18n {
  let instance = instances.get(locale);
  if (instance) return instance;
  instance = createInstance();
  instance.init({
    lng: locale,
    fallbackLng: [...localeConfig[locale].fallback],
    supportedLngs: locales,
    resources,
    ns: namespaces,
    defaultNS: 'common',
    keySeparator: false,
    nsSeparator: ':',
    initAsync: false,
    returnEmptyString: false,
    saveMissing: true,
    missingKeyHandler: reportMissing,
    // Astro escapes what it renders; escaping here too would show `&amp;` to readers.
    interpolation: { escapeValue: false },
  } as Parameters<i18n['init']>[0]);
  instances.set(locale, instance);
  return instance;
}

/** A translation function bound to one locale and namespace. */
export function useTranslations<N extends Namespace = 'common'>(locale: Locale, ns?: N): TFunction<N> {
  return getI18n(locale).getFixedT(locale, ns ?? 'common') as TFunction<N>;
}
