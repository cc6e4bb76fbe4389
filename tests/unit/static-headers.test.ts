import { describe, expect, test } from 'vitest';
import { routeKey, staticHeaders, type VercelRoute, vercelHeaderRoutes, withHeaderRoutes } from '../../src/integrations/static-headers';
import { hsts, resourceCsp, searchWorkerCsp, serviceWorkerCsp } from '../../src/lib/security-headers';
import { vercelRouteHeaders } from '../helpers/vercel-routes';

const home = "default-src 'self'; script-src 'self' 'sha256-home'";
const guides = "default-src 'self'; script-src 'self' 'sha256-guides'";

/** What Astro hands the build for three prerendered routes: two pages and a feed. */
const built = staticHeaders(
  new Map([
    ['/en', { headers: new Headers({ 'Content-Security-Policy': home }) }],
    ['/en/guides', { headers: new Headers({ 'Content-Security-Policy': guides }) }],
    ['/en/rss.xml', { headers: new Headers({ 'Content-Type': 'application/rss+xml' }) }],
  ]),
);
const files = [
  '/en/index.html',
  '/en/guides/index.html',
  '/en/rss.xml',
  '/_astro/donate.B1x.js',
  '/pagefind/pagefind.js',
  '/pagefind/pagefind-worker.js',
  '/pagefind/fragment/en_1.pf_fragment',
  '/favicon.svg',
  '/sitemap.xml',
];
const routes = vercelHeaderRoutes(built, files);
const csp = (path: string) => vercelRouteHeaders(routes, path)['content-security-policy'];

describe('routeKey', () => {
  test('a page is the same route with or without its trailing slash or index.html', () => {
    expect(routeKey('/en/guides/')).toBe('/en/guides');
    expect(routeKey('/en/guides')).toBe('/en/guides');
    expect(routeKey('/en/guides/index.html')).toBe('/en/guides');
    expect(routeKey('/')).toBe('/');
    expect(routeKey('/index.html')).toBe('/');
  });
});

describe('the headers of the static files', () => {
  test('each page keeps the policy Astro rendered for it; a route without one gets the resource policy', () => {
    expect(built.routes).toEqual({ '/en': home, '/en/guides': guides, '/en/rss.xml': resourceCsp });
    expect(built.files['/pagefind/pagefind-worker.js']).toBe(searchWorkerCsp);
    expect(built.files['/sw.js']).toBe(serviceWorkerCsp);
  });
});

describe('the Vercel header routes', () => {
  test('a page gets its own policy however it is asked for', () => {
    for (const path of ['/en/guides', '/en/guides/', '/en/guides/index.html']) expect(csp(path), path).toBe(guides);
    expect(csp('/en/')).toBe(home);
    expect(csp('/en')).toBe(home);
  });

  test('a path that merely starts like a page gets no page policy', () => {
    expect(csp('/en/guides/masks/')).toBeUndefined();
    expect(csp('/en/guidesx')).toBeUndefined();
    expect(csp('/xen/guides/')).toBeUndefined();
  });

  test('scripts, the search index, feeds and images get the resource policy; the search and service workers their own', () => {
    for (const path of [
      '/_astro/donate.B1x.js',
      '/pagefind/pagefind.js',
      '/pagefind/fragment/en_1.pf_fragment',
      '/favicon.svg',
      '/sitemap.xml',
      '/en/rss.xml',
    ]) {
      expect(csp(path), path).toBe(resourceCsp);
    }
    expect(csp('/pagefind/pagefind-worker.js')).toBe(searchWorkerCsp);
    expect(csp('/sw.js')).toBe(serviceWorkerCsp);
  });

  test('what a function answers (the API, on-demand pages) keeps its own policy', () => {
    for (const path of ['/api/health', '/en/donate/', '/staff/en/', '/', '/en/no-such-page/']) expect(csp(path), path).toBeUndefined();
  });

  test('every path gets the shared headers and HSTS (Vercel serves only HTTPS)', () => {
    for (const path of ['/en/', '/api/health', '/_astro/donate.B1x.js']) {
      expect(vercelRouteHeaders(routes, path)).toMatchObject({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'same-origin',
        'permissions-policy': expect.stringContaining('camera=()'),
        'strict-transport-security': hsts,
      });
    }
  });

  test('every route is anchored and lets routing go on to the file', () => {
    for (const route of routes) {
      expect(route.src).toMatch(/^\^.*\$$/);
      expect(route.continue).toBe(true);
    }
  });

  test("the adapter's own header routes, which end routing and miss trailing slashes, are replaced", () => {
    const adapter: VercelRoute[] = [
      { src: '^/_astro(?:/(.*))$', headers: { 'cache-control': 'public, max-age=31536000, immutable' }, continue: true },
      { src: '/en/guides', headers: { 'content-security-policy': guides } },
      { handle: 'filesystem' },
      { src: '^/api(?:/(.*?))?/?$', dest: '_render' },
    ];
    const merged = withHeaderRoutes(adapter, routes, built);
    expect(merged.filter((r) => r.src === '/en/guides')).toEqual([]);
    expect(merged.slice(routes.length)).toEqual([adapter[0], adapter[2], adapter[3]]);
    expect(vercelRouteHeaders(merged, '/en/guides/')['content-security-policy']).toBe(guides);
  });
});
