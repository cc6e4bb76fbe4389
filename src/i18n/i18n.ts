import { createInstance, type i18n, type TFunction } from 'i18next';
import { defaultLocale, type Locale, localeConfig, locales } from './config';
import { type Namespace, namespaces, resources } from './resources';

const instances = new Map<Locale, i18n>();

// Readers get the fallback text; developers hear about the gap (once per key).
// `globalThis.process`: an edge runtime may have no `process` (functions/public-app.ts).
const reportGaps = Boolean(import.meta.env?.DEV) || globalThis.process?.env?.NODE_ENV === 'test';
const reported = new Set<string>();

function warnOnce(id: string, message: string) {
  if (!reportGaps || reported.has(id)) return;
  reported.add(id);
  console.warn(message);
}

function reportMissing(lngs: readonly string[], ns: string, key: string) {
  warnOnce(`missing:${ns}:${key}`, `[i18n] missing "${ns}:${key}" in every language (${lngs.join(', ')}): readers see nothing there`);
}

/** The locale's chain from config, with the source language (which has every key) added at the end if it is not there. */
export function fallbackChain(locale: Locale): Locale[] {
  return [...new Set<Locale>([...localeConfig[locale].fallback, defaultLocale])].filter((l) => l !== locale);
}

/** The i18next instance for a locale, created once and kept. */
export function getI18n(locale: Locale): i18n {
  let instance = instances.get(locale);
  if (instance) return instance;
  instance = createInstance();
  instance.init({
    lng: locale,
    fallbackLng: fallbackChain(locale),
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
    // Never a raw key like `nav.guides` on a page: the default value if the code gave one, else nothing.
    parseMissingKeyHandler: (_key: string, defaultValue?: string) => defaultValue ?? '',
    // Astro escapes what it renders; escaping here too would show `&amp;` to readers.
    interpolation: { escapeValue: false },
  } as Parameters<i18n['init']>[0]);
  instances.set(locale, instance);
  return instance;
}

/** A translation function bound to one locale and namespace. */
export function useTranslations<N extends Namespace = 'common'>(locale: Locale, ns?: N): TFunction<N> {
  const instance = getI18n(locale);
  const namespace = ns ?? 'common';
  const t = instance.getFixedT(locale, namespace);
  if (!reportGaps) return t as TFunction<N>;
  // In development and tests, say when a text comes from a fallback language.
  const call = t as unknown as (key: unknown, ...rest: unknown[]) => unknown;
  const reporting = (key: unknown, ...rest: unknown[]) => {
    const result = call(key, ...rest);
    const options = rest.find((r): r is object => typeof r === 'object' && r !== null);
    if (typeof key === 'string' && instance.exists(key, { ...options, ns: namespace })) {
      const { usedLng, usedNS } = call(key, { ...options, returnDetails: true }) as { usedLng?: string; usedNS?: string };
      if (usedLng && usedLng !== locale) {
        warnOnce(
          `${locale}:${usedNS}:${key}`,
          `[i18n] "${usedNS}:${key}" is not translated into ${locale}: readers see the ${usedLng} text`,
        );
      }
    }
    return result;
  };
  return reporting as unknown as TFunction<N>;
}
