import { currencyMinorUnits } from './currencies';
import { numberFormat } from './intl-cache';

/**
 * Reads an amount as a person types it in their language (`350.000,50` in Spanish,
 * `350,000.50` in English, `３５００００` from a Japanese keyboard) and returns it in the
 * API's canonical form (`350000.50`), or `undefined` when it is not a plain amount.
 *
 * A lone separator followed by exactly three digits is ambiguous (`1.500`): it is read
 * with the locale's own grouping separator, as the person most likely meant it.
 */
export function normalizeAmount(input: string, groupSeparator: ',' | '.' = ','): string | undefined {
  const text = input
    .normalize('NFKC')
    .trim()
    .replace(/[\s\u00a0\u202f'’_]/g, '');
  if (!/^\d[\d.,]*$/.test(text) || /[.,]$/.test(text)) return undefined;
  const dots = text.split('.').length - 1;
  const commas = text.split(',').length - 1;
  let decimal: string | undefined;
  if (dots && commas) decimal = text.lastIndexOf('.') > text.lastIndexOf(',') ? '.' : ',';
  else if (dots + commas === 1) {
    const sep = dots ? '.' : ',';
    const after = text.length - text.indexOf(sep) - 1;
    decimal = after === 3 && sep === groupSeparator ? undefined : sep;
  }
  const group = decimal === '.' ? ',' : decimal === ',' ? '.' : dots ? '.' : ',';
  const [whole = '', fraction, extra] = text.split(decimal ?? '\u0000');
  if (extra !== undefined) return undefined;
  // Grouping must be in threes (1,234,567): anything else is more likely a typo than an amount.
  if (whole.includes(group) && !new RegExp(`^\\d{1,3}(\\${group}\\d{3})+$`).test(whole)) return undefined;
  const digits = whole
    .split(group)
    .join('')
    .replace(/^0+(?=\d)/, '');
  if (fraction !== undefined && !/^\d+$/.test(fraction)) return undefined;
  return fraction === undefined ? digits : `${digits}.${fraction}`;
}

export type AmountProblem = 'format' | 'decimals' | 'range';

/**
 * A canonical amount (`350000.50`) as integer minor units of its currency (35000050 fen),
 * never through a float. Too many decimals for the currency is a problem, not a rounding.
 */
export function toMinorUnits(amount: string, currency: string, maxWhole: number): { minor: number } | { problem: AmountProblem } {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!match) return { problem: 'format' };
  const [, whole = '', fraction = ''] = match;
  const digits = currencyMinorUnits(currency);
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > digits) return { problem: 'decimals' };
  if (whole.length > String(maxWhole).length || Number(whole) > maxWhole) return { problem: 'range' };
  const minor = Number(whole + significant.padEnd(digits, '0'));
  if (minor <= 0) return { problem: 'range' };
  return { minor };
}

/** Integer minor units back to the canonical amount string (`35000050`, CNY → `350000.50`). */
export function fromMinorUnits(minor: number, currency: string): string {
  const digits = currencyMinorUnits(currency);
  if (digits === 0) return String(minor);
  const text = String(minor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * An amount for people: `¥350,000` · `350.000,00 CN¥`. The staff and transparency scripts
 * keep twins of this (docs/decisions/105-one-script-per-donor-page.md).
 */
export function formatMoney(minor: number, currency: string, intlLocale: string): string {
  const digits = currencyMinorUnits(currency);
  return numberFormat(intlLocale, { style: 'currency', currency }).format(minor / 10 ** digits);
}

/** The separator a locale writes between thousands, when it is `,` or `.`: Spanish `.`, most others `,`. */
export function groupSeparatorFor(intlLocale: string): ',' | '.' {
  const group = numberFormat(intlLocale)
    .formatToParts(1_000_000)
    .find((p) => p.type === 'group')?.value;
  return group === '.' ? '.' : ',';
}
