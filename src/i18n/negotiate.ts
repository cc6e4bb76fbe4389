import { defaultLocale, isLocale, type Locale, localeConfig, locales } from './config';

export interface LanguageRange {
  tag: string;
  q: number;
}

const MAX_HEADER = 1024;
const MAX_RANGES = 32;
const TAG = /^(?:\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)$/i;
const QVALUE = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

/**
 * Parses an Accept-Language header (RFC 9110 §12.5.4) into ranges, best first.
 * Malformed entries are dropped, not guessed at; an absurdly long header is cut.
 */
export function parseAcceptLanguage(header: string | null | undefined): LanguageRange[] {
  if (!header) return [];
  const ranges: (LanguageRange & { index: number })[] = [];
  const parts = header.slice(0, MAX_HEADER).split(',').slice(0, MAX_RANGES);
  parts.forEach((part, index) => {
    const [rawTag, ...params] = part.split(';').map((s) => s.trim());
    if (!rawTag || !TAG.test(rawTag)) return;
    let q = 1;
    for (const param of params) {
      if (!/^q=/i.test(param)) continue;
      const m = QVALUE.exec(param.replace(/\s+/g, ''));
      if (!m?.[1]) return;
      q = Number(m[1]);
    }
    if (q > 0) ranges.push({ tag: rawTag.toLowerCase(), q, index });
  });
  ranges.sort((a, b) => b.q - a.q || a.index - b.index);
  return ranges.map(({ tag, q }) => ({ tag, q }));
}

const matchTable = locales
  .flatMap((locale) => localeConfig[locale].matches.map((range) => ({ range: range.toLowerCase(), locale })))
  .sort((a, b) => b.range.length - a.range.length);

/** Maps one language tag (`es-AR`, `zh-Hant-HK`) to a portal locale, if any serves it. */
export function matchLocale(tag: string): Locale | undefined {
  const lower = tag.toLowerCase();
  for (const { range, locale } of matchTable) {
    if (lower === range || lower.startsWith(`${range}-`)) return locale;
  }
  return undefined;
}

/** Reads one cookie's value from a Cookie header without trusting its shape. */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    if (pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The reader's language: a remembered choice first, then the browser's preferences,
 * then the default.
 */
export function negotiateLocale(input: { cookie?: string | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(input.cookie)) return input.cookie;
  for (const { tag } of parseAcceptLanguage(input.acceptLanguage)) {
    if (tag === '*') return defaultLocale;
    const locale = matchLocale(tag);
    if (locale) return locale;
  }
  return defaultLocale;
}
