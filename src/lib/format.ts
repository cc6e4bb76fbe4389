import { type Locale, localeConfig } from '../i18n/config';

const numberFormats = new Map<Locale, Intl.NumberFormat>();

/** A whole number in the locale's own style: 300,000 · 300.000 · 300,000. */
export function formatNumber(locale: Locale, value: number): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(localeConfig[locale].intl, { maximumFractionDigits: 0 });
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

/** A calendar date (`2020-03-31`) written out in the locale, never shifted by time zone. */
export function formatDate(locale: Locale, isoDate: string | Date): string {
  const date = typeof isoDate === 'string' ? new Date(`${isoDate.slice(0, 10)}T00:00:00Z`) : isoDate;
  return new Intl.DateTimeFormat(localeConfig[locale].intl, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}
