import { countryCodes } from './countries';
import { commonCurrencies, currencyCodes } from './currencies';

export interface Option {
  value: string;
  label: string;
}

const cache = new Map<string, unknown>();
function memo<T>(key: string, make: () => T): T {
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key) as T;
}

/** Every country and region, named and sorted in the reader's language (Intl.DisplayNames, Intl.Collator). */
export function countryOptions(intlLocale: string): Option[] {
  return memo(`countries:${intlLocale}`, () => {
    const names = new Intl.DisplayNames(intlLocale, { type: 'region' });
    const collator = new Intl.Collator(intlLocale);
    return countryCodes.map((code) => ({ value: code, label: names.of(code) ?? code })).sort((a, b) => collator.compare(a.label, b.label));
  });
}

/** Currencies for the form: the most used first, then all, each as "name (CODE)". */
export function currencyOptions(intlLocale: string): { common: Option[]; all: Option[] } {
  return memo(`currencies:${intlLocale}`, () => {
    const names = new Intl.DisplayNames(intlLocale, { type: 'currency' });
    const collator = new Intl.Collator(intlLocale);
    const option = (code: string) => ({ value: code, label: `${names.of(code) ?? code} (${code})` });
    return {
      common: commonCurrencies.map(option),
      all: currencyCodes.map(option).sort((a, b) => collator.compare(a.label, b.label)),
    };
  });
}
