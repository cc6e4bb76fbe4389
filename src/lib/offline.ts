// What a reader keeps for reading offline, for the service worker and the build that
// writes it (src/integrations/service-worker.ts). See docs/decisions/135-offline-guides.md.
// No imports but the locale list: the service worker bundles this file.
import { isLocale, type Locale, locales } from '../i18n/config';

export { serviceWorkerPath } from './security-headers';

/** Every cache the service worker makes is named with this prefix, then the language and version. */
export const offlineCachePrefix = 'tongxin-offline-';

/** One language's precache at one version: `tongxin-offline-zh-3f9a…`. */
export const offlineCacheName = (locale: Locale, version: string) => `${offlineCachePrefix}${locale}-${version}`;

/** The localized page shown, offline, in place of a page that is not kept. */
export const offlinePagePath = (locale: Locale) => `/${locale}/offline/`;

/**
 * The built files a reader of `locale` keeps, as globs relative to the client folder:
 * the home page, the guides index and every guide, the emergency numbers and the phrase
 * cards. Audience and topic lists, stories and the rest are not kept.
 */
export const keptPageGlobs = (locale: Locale) => [
  `${locale}/index.html`,
  `${locale}/guides/index.html`,
  `${locale}/guides/*/index.html`,
  `${locale}/emergency/index.html`,
  `${locale}/phrases/index.html`,
  `${locale}/phrases/*/index.html`,
];

/** Kept for every reader: the icon, and the offline page of every language (a few KB each). */
export const sharedGlobs = ['favicon.svg', ...locales.map((l) => `${l}/offline/index.html`)];

/** The language a path belongs to (`/es/guides/x/` → `es`), if any. */
export function localeOfPath(pathname: string): Locale | undefined {
  const first = pathname.split('/')[1];
  return isLocale(first) ? first : undefined;
}

/**
 * Never answered by the service worker, never cached: the API, the staff workspace and
 * the donation pages (rendered per request: decision 010).
 */
export function neverCached(pathname: string): boolean {
  if (/^\/(api|staff)(\/|$)/.test(pathname)) return true;
  const locale = localeOfPath(pathname);
  return locale !== undefined && pathname.startsWith(`/${locale}/donate/`);
}

/** `/zh/guides/masks/` → `/zh/guides/masks/index.html`, the URL the precache holds it under. */
export function precacheUrlOf(pathname: string): string {
  if (pathname.endsWith('/')) return `${pathname}index.html`;
  return pathname.endsWith('.html') ? pathname : `${pathname}/index.html`;
}

/** What the build writes into the service worker: the files of each language and its version. */
export interface OfflineManifest {
  locales: Record<string, { version: string; entries: { url: string; revision: string | null }[] }>;
}

/** The brand colour: the browser's bar, the installed app's splash (the favicon's red). */
export const themeColor = '#8c1c13';
