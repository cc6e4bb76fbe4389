/**
 * Intl formatters, made once per locale and options: building one costs far more than
 * using it (ICU loads its data each time), and the API formats on every offer.
 */
const cache = new Map<string, Intl.NumberFormat | Intl.DisplayNames>();

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

export function displayNames(locale: string, type: Intl.DisplayNamesType): Intl.DisplayNames {
  const key = `d|${locale}|${type}`;
  let names = cache.get(key) as Intl.DisplayNames | undefined;
  if (!names) {
    names = new Intl.DisplayNames(locale, { type });
    cache.set(key, names);
  }
  return names;
}
