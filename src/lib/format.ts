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

const figureFormats = new Map<Locale, Intl.NumberFormat | null>();

/**
 * A large figure as readers of the locale write it: 30万 and 374.6万 in Chinese and
 * Japanese, which count in ten-thousands, 300,000 elsewhere. Exact, never rounded.
 */
export function formatFigure(locale: Locale, value: number): string {
  let format = figureFormats.get(locale);
  if (format === undefined) {
    const intl = localeConfig[locale].intl;
    const compact = new Intl.NumberFormat(intl, { notation: 'compact', maximumFractionDigits: 4 });
    // A language with a word for ten thousand writes 10000 as "1" and that word (1万, 1萬).
    format = /^1\D+$/.test(compact.format(10_000)) ? compact : null;
    figureFormats.set(locale, format);
  }
  if (!format || value < 10_000 || !Number.isInteger(value)) return formatNumber(locale, value);
  // Only when nothing is rounded away: 3,746,000 is 374.6万 exactly; 125,440,200 would be
  // 1.2544億, which is not, so it stays in full.
  const unit = value >= 100_000_000 ? 100_000_000 : 10_000;
  const exact = Number.isInteger(Math.round((value / unit) * 10_000 * 1e6) / 1e6);
  return exact ? format.format(value) : formatNumber(locale, value);
}

/** A calendar date (`2020-03-31`) written out in the locale, never shifted by time zone. */
export function formatDate(locale: Locale, isoDate: string | Date): string {
  const date = typeof isoDate === 'string' ? new Date(`${isoDate.slice(0, 10)}T00:00:00Z`) : isoDate;
  return new Intl.DateTimeFormat(localeConfig[locale].intl, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}
