import { createHash } from 'node:crypto';
import {
  baseSecurityHeaders,
  hsts,
  resourceCsp,
  searchWorkerCsp,
  searchWorkerPath,
  serviceWorkerCsp,
  serviceWorkerPath,
} from '../lib/security-headers';

/**
 * The headers of everything the build writes as a file, for whatever serves the files:
 * the Vercel route table, or the self-hosted server (scripts/lib/static-security-headers.mjs).
 */
export interface StaticHeaders {
  /** On every response. */
  base: Record<string, string>;
  /** Added to `base` on responses that went out over HTTPS. */
  hsts: string;
  /** Each prerendered page and endpoint, by path without a trailing slash: its Content-Security-Policy. */
  routes: Record<string, string>;
  /** Static files with a policy of their own, by exact path. */
  files: Record<string, string>;
  /** Every other static file (scripts, styles, images, the search index). */
  resourceCsp: string;
}

/** A CSP hash source of an inline script's text, as Astro's `scriptDirective.hashes` takes it. */
export function cspHash(text: string): `sha256-${string}` {
  return `sha256-${createHash('sha256').update(text).digest('base64')}`;
}

/** `/en/guides/` → `/en/guides`; `/en/index.html` → `/en`; `/` stays. */
export function routeKey(pathname: string): string {
  const bare = pathname.replace(/\/index\.html$/, '/').replace(/\/+$/, '');
  return bare === '' ? '/' : bare;
}

/**
 * From what Astro rendered at build time (`astro:build:generated`'s routeToHeaders: with
 * an adapter's `staticHeaders`, each page's policy, hashes included, is a header there
 * instead of a `<meta>`). A prerendered route without a policy gets the resource one.
 */
export function staticHeaders(routeToHeaders: ReadonlyMap<string, { headers: Headers }>): StaticHeaders {
  const routes: Record<string, string> = {};
  for (const [pathname, { headers }] of routeToHeaders) {
    routes[routeKey(pathname)] = headers.get('Content-Security-Policy') ?? resourceCsp;
  }
  return {
    base: { ...baseSecurityHeaders },
    hsts,
    routes,
    files: { [searchWorkerPath]: searchWorkerCsp, [serviceWorkerPath]: serviceWorkerCsp },
    resourceCsp,
  };
}

/** A route of the Build Output API (`.vercel/output/config.json`); only what is used here. */
export interface VercelRoute {
  src?: string;
  dest?: string;
  headers?: Record<string, string>;
  continue?: boolean;
  handle?: string;
  status?: number;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `/_astro/x.js` → `_astro`; `/favicon.svg` → undefined. */
const topFolder = (file: string) => {
  const end = file.indexOf('/', 1);
  return end > 0 ? file.slice(1, end) : undefined;
};

/**
 * Header routes for Vercel, anchored and with `continue: true` so that routing goes on to
 * the file (the form `vercel.json`'s `headers` compile to). A page matches with or without
 * its trailing slash. `staticFiles` lists the other files of the static output
 * (`/_astro/x.js`, `/favicon.svg`): they get the resource policy, by folder where a
 * folder holds no page. The API and on-demand pages get no policy here: they send their own.
 */
export function vercelHeaderRoutes(headers: StaticHeaders, staticFiles: readonly string[]): VercelRoute[] {
  const routes: VercelRoute[] = [{ src: '^/.*$', headers: { ...headers.base, 'Strict-Transport-Security': headers.hsts }, continue: true }];
  for (const [key, csp] of Object.entries(headers.routes).sort(([a], [b]) => a.localeCompare(b))) {
    const path = key === '/' ? '' : escapeRegex(key);
    routes.push({ src: `^${path}(?:/|/index\\.html)?$`, headers: { 'Content-Security-Policy': csp }, continue: true });
  }
  const pageFolders = new Set(Object.keys(headers.routes).map(topFolder));
  const others = staticFiles.filter((file) => !(routeKey(file) in headers.routes) && !(file in headers.files));
  const folders = [...new Set(others.map(topFolder))].filter((f): f is string => f !== undefined && !pageFolders.has(f)).sort();
  const loose = others.filter((file) => !folders.includes(topFolder(file) as string)).sort();
  const exceptions = Object.keys(headers.files).map((f) => escapeRegex(f.slice(1)));
  const resource = { 'Content-Security-Policy': headers.resourceCsp };
  if (folders.length) {
    const unless = exceptions.length ? `(?!(?:${exceptions.join('|')})$)` : '';
    routes.push({ src: `^/${unless}(?:${folders.map(escapeRegex).join('|')})/.+$`, headers: resource, continue: true });
  }
  if (loose.length) routes.push({ src: `^(?:${loose.map(escapeRegex).join('|')})$`, headers: resource, continue: true });
  for (const [file, csp] of Object.entries(headers.files)) {
    routes.push({ src: `^${escapeRegex(file)}$`, headers: { 'Content-Security-Policy': csp }, continue: true });
  }
  return routes;
}

/**
 * The adapter's own `routes` with ours in front. The adapter's `staticHeaders` routes are
 * dropped: they are not anchored, have no `continue`, and miss a page asked for with its
 * trailing slash, which is how every link on the site asks.
 */
export function withHeaderRoutes(
  adapterRoutes: readonly VercelRoute[],
  ours: readonly VercelRoute[],
  headers: StaticHeaders,
): VercelRoute[] {
  const adapterHeaderRoute = (r: VercelRoute) =>
    r.src !== undefined && !r.dest && !r.continue && r.headers !== undefined && routeKey(r.src) in headers.routes;
  return [...ours, ...adapterRoutes.filter((r) => !adapterHeaderRoute(r))];
}
