/// <reference lib="webworker" />
// The service worker (/sw.js?lng=<locale>): keeps one language's guides, emergency
// numbers and phrase cards for reading offline. Bundled by the build with the file list
// of every language (src/integrations/service-worker.ts); the page that registers it says
// which language to keep. See docs/decisions/135-offline-guides.md.
import { type RouteHandlerCallbackOptions, Serwist } from 'serwist';
import { defaultLocale, isLocale, type Locale } from '../i18n/config';
import {
  localeOfPath,
  neverCached,
  type OfflineManifest,
  offlineCacheName,
  offlineCachePrefix,
  offlinePagePath,
  precacheUrlOf,
} from '../lib/offline';

declare const self: ServiceWorkerGlobalScope;
/** Written by the build: each language's files and version. */
declare const __OFFLINE_MANIFEST__: OfflineManifest;

/** How long a page may take from the network before the kept copy is shown instead. */
const NETWORK_TIMEOUT_MS = 4000;

const asked = new URL(self.location.href).searchParams.get('lng');
const locale: Locale | undefined = isLocale(asked) ? asked : undefined;
const kept = locale ? __OFFLINE_MANIFEST__.locales[locale] : undefined;
// A version per language: a deploy that changes only Spanish pages leaves a Chinese
// reader's cache as it is; any change to the kept files makes a new cache.
const cacheName = locale && kept ? offlineCacheName(locale, kept.version) : `${offlineCachePrefix}none`;

const serwist = new Serwist({
  precacheEntries: kept?.entries ?? [],
  precacheOptions: {
    cacheName,
    concurrency: 4,
    // Pages are kept as `/zh/guides/masks/index.html`; a visit to `/zh/guides/masks/` must
    // not find them in the precache route (cache first), but in the page route below
    // (network first), so that an online reader always reads the deployed page.
    directoryIndex: '',
    cleanURLs: false,
  },
  // A new deploy's worker takes over as soon as its cache is complete, and the old caches go.
  skipWaiting: true,
  clientsClaim: true,
});

/** The kept copy of a page, only ever of the kept language, or the localized offline page. */
async function offlineAnswer(url: URL): Promise<Response> {
  const own = localeOfPath(url.pathname);
  if (own && own === locale) {
    const page = await serwist.matchPrecache(precacheUrlOf(url.pathname));
    if (page) return page;
  }
  // Every language's offline page is kept: a page of another language is never shown instead.
  const offline = await serwist.matchPrecache(precacheUrlOf(offlinePagePath(own ?? locale ?? defaultLocale)));
  return offline ?? Response.error();
}

/**
 * Pages: from the network while there is one, so a reader online always gets the current
 * deploy; the kept copy (or the offline page) when the network fails, or is slower than
 * NETWORK_TIMEOUT_MS for a page that is kept. Nothing is cached here: only the install
 * step writes the cache, with the files of one build.
 */
async function page({ request, url }: RouteHandlerCallbackOptions): Promise<Response> {
  const network = fetch(request);
  const own = localeOfPath(url.pathname);
  const keptCopy = own === locale && !neverCached(url.pathname) ? serwist.getPrecacheKeyForUrl(precacheUrlOf(url.pathname)) : undefined;
  if (!keptCopy) return network.catch(() => offlineAnswer(url));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<'slow'>((resolve) => {
    timer = setTimeout(() => resolve('slow'), NETWORK_TIMEOUT_MS);
  });
  try {
    const first = await Promise.race([network, slow]);
    return first === 'slow' ? offlineAnswer(url) : first;
  } catch {
    return offlineAnswer(url);
  } finally {
    clearTimeout(timer);
  }
}

serwist.registerCapture(
  ({ request, url }) => request.mode === 'navigate' && url.origin === self.location.origin && !/^\/(api|staff)(\/|$)/.test(url.pathname),
  page,
);

// The precache of an earlier version, or of another language, is deleted once this one is
// complete and active: a reader never reads pages of two builds, and keeps one language.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith(offlineCachePrefix) && n !== cacheName).map((n) => caches.delete(n)))),
  );
});

serwist.addEventListeners();
