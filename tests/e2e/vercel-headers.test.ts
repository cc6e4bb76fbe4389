import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { VercelRoute } from '../../src/integrations/static-headers';
import { hsts, resourceCsp, searchWorkerCsp, serviceWorkerCsp } from '../../src/lib/security-headers';
import { expectPagePolicy } from '../helpers/page-policy';
import { callVercelFunction } from '../helpers/vercel-function';
import { vercelRouteHeaders } from '../helpers/vercel-routes';

// The Vercel build's headers, read from .vercel/output the way the platform reads it (see
// tests/helpers/vercel-routes.ts), and the built function's own. docs/decisions/060.

const output = path.resolve('.vercel/output');
const staticDir = path.join(output, 'static');
const routes = (JSON.parse(readFileSync(path.join(output, 'config.json'), 'utf8')) as { routes: VercelRoute[] }).routes;

function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) =>
    statSync(path.join(dir, name)).isDirectory() ? files(path.join(dir, name), `${prefix}/${name}`) : [`${prefix}/${name}`],
  );
}
const staticFiles = files(staticDir);
const pages = staticFiles.filter((f) => f.endsWith('/index.html'));

describe('the Vercel route table', () => {
  test('every prerendered page gets its own policy, with the hashes of its inline styles, with or without its trailing slash', () => {
    expect(pages.length).toBeGreaterThan(150);
    for (const file of pages) {
      const html = readFileSync(path.join(staticDir, file), 'utf8');
      const dir = file.slice(0, -'index.html'.length);
      for (const asked of [dir, dir.slice(0, -1) || '/']) {
        expectPagePolicy(vercelRouteHeaders(routes, asked)['content-security-policy'], html, asked);
      }
    }
  });

  test('every other static file may load nothing; the search worker may fetch the index and compile its WebAssembly, the service worker fetch pages', () => {
    const own: Record<string, string> = { '/pagefind/pagefind-worker.js': searchWorkerCsp, '/sw.js': serviceWorkerCsp };
    for (const file of staticFiles.filter((f) => !f.endsWith('.html'))) {
      const csp = vercelRouteHeaders(routes, file)['content-security-policy'];
      expect(csp, file).toBe(own[file] ?? resourceCsp);
    }
  });

  test('what the function answers keeps the policy it sends itself', () => {
    for (const asked of [
      '/',
      '/api/health',
      '/en/donate/',
      '/es/donate/thanks/',
      '/ja/donate/status/',
      '/staff/',
      '/staff/zh/login/',
      '/en/no-such-page/',
    ]) {
      expect(vercelRouteHeaders(routes, asked)['content-security-policy'], asked).toBeUndefined();
    }
  });

  test('every answer gets the shared headers and HSTS', () => {
    for (const asked of ['/en/', '/zh/guides/masks/', '/api/health', '/en/donate/', '/favicon.svg', '/pagefind/pagefind.js']) {
      expect(vercelRouteHeaders(routes, asked), asked).toMatchObject({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'same-origin',
        'permissions-policy': expect.stringMatching(/camera=\(\).*geolocation=\(\)/),
        'strict-transport-security': hsts,
      });
    }
  });

  test('no route before the files ends the routing: every one is anchored and continues', () => {
    for (const route of routes.slice(
      0,
      routes.findIndex((r) => r.handle === 'filesystem'),
    )) {
      expect(route.continue, JSON.stringify(route).slice(0, 120)).toBe(true);
      expect(route.src, JSON.stringify(route).slice(0, 120)).toMatch(/^\^.*\$$/);
    }
  });
});

describe('the built function', () => {
  test('an on-demand page carries Astro’s policy with its hashes, the shared headers, and HSTS over HTTPS', async () => {
    for (const url of [
      'https://tongxin.example/es/donate/',
      'https://tongxin.example/staff/en/login/',
      'https://tongxin.example/ja/no-such-page/',
    ]) {
      const res = await callVercelFunction({ url }, { VERCEL: '1' });
      expectPagePolicy(res.headers['content-security-policy'], res.body, url);
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'same-origin',
        'strict-transport-security': hsts,
      });
      expect(res.headers['permissions-policy'], url).toContain('camera=()');
    }
  });

  test('the API and `/` may load nothing', async () => {
    for (const url of ['https://tongxin.example/api/health', 'https://tongxin.example/']) {
      const res = await callVercelFunction({ url, headers: { 'accept-language': 'en' } }, { VERCEL: '1' });
      expect(res.headers['content-security-policy'], url).toBe(resourceCsp);
      expect(res.headers['strict-transport-security'], url).toBe(hsts);
      expect(res.headers['referrer-policy'], url).toBe('same-origin');
    }
  });
});
