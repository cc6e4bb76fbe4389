import { isLocale, type Locale, locales } from './config';

/** `/en/guides/` from (`en`, `/guides/`). Paths always end with a slash, like the built pages. */
export function localizedPath(locale: Locale, path = '/'): string {
  const clean = `/${path.replace(/^\/+/, '')}`;
  const withSlash = clean.endsWith('/') || /\.[a-z0-9]+$/i.test(clean) ? clean : `${clean}/`;
  return `/${locale}${withSlash === '/' ? '/' : withSlash}`;
}

/** Splits `/es/guides/masks/` into its locale (if the first segment is one) and the rest. */
export function splitLocale(pathname: string): { locale: Locale | undefined; rest: string } {
  const match = /^\/([^/]+)(\/.*)?$/.exec(pathname);
  const first = match?.[1];
  if (first && isLocale(first)) return { locale: first, rest: match?.[2] || '/' };
  return { locale: undefined, rest: pathname || '/' };
}

/**
 * `/zh-hant/guides/` → `/zh-Hant/guides/`: a path whose first segment is a locale typed in
 * another case (people type URLs in lower case; the built pages are in the config's case).
 * Undefined when there is nothing to correct.
 */
export function correctLocaleCase(pathname: string): string | undefined {
  const match = /^\/([^/]+)(\/.*)?$/.exec(pathname);
  const first = match?.[1];
  if (!first || isLocale(first)) return undefined;
  const locale = locales.find((l) => l.toLowerCase() === first.toLowerCase());
  return locale ? `/${locale}${match?.[2] ?? '/'}` : undefined;
}

/** The same page in another language: `/es/guides/masks/` → `/ja/guides/masks/`. */
export function switchLocalePath(pathname: string, target: Locale): string {
  return localizedPath(target, splitLocale(pathname).rest);
}

/** Every localized variant of a page path, for hreflang and the switcher. */
export function alternatePaths(rest: string, available: readonly Locale[] = locales): { locale: Locale; path: string }[] {
  return available.map((locale) => ({ locale, path: localizedPath(locale, rest) }));
}

/**
 * A safe local destination for a redirect: only paths on this site that start with a
 * locale prefix; anything else (another host, `//evil`, `/\\evil`, control characters) is refused.
 */
export function safeLocalPath(candidate: string | null | undefined): string | undefined {
  if (!candidate || candidate.length > 512) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (!candidate.startsWith('/') || candidate.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(candidate)) return undefined;
  let url: URL;
  try {
    url = new URL(candidate, 'http://local.invalid');
  } catch {
    return undefined;
  }
  if (url.host !== 'local.invalid') return undefined;
  const { locale } = splitLocale(url.pathname);
  if (!locale) return undefined;
  return url.pathname + url.search + url.hash;
}
