import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, inject, test } from 'vitest';
import { cspFor } from '../../scripts/lib/static-security-headers.mjs';
import { locales } from '../../src/i18n/config';

// How the self-hosted server sends what the build wrote: the build's own Brotli and gzip
// copies, ETags and 304s, caching by kind, the page's own policy; what is not a file goes
// on to Astro (the localized 404, on-demand pages) or to the API (docs/decisions/120).

const baseURL = inject('baseURL');
const client = path.resolve('dist-node/client');
const headers = JSON.parse(readFileSync(path.resolve('dist-node/security-headers.json'), 'utf8'));

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** The answer as it comes over the wire: fetch would undo the compression this test looks at. */
function get(pathname: string, requestHeaders: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(pathname, baseURL), { method, headers: requestHeaders }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const guide = '/zh/guides/masks/';
const guideFile = path.join(client, 'zh/guides/masks/index.html');
// A script with a hashed name (reading pages carry none: they are one request).
const script = readdirSync(path.join(client, '_astro'))
  .filter((name) => name.endsWith('.js') && statSync(path.join(client, '_astro', name)).size > 2048)
  .map((name) => `/_astro/${name}`)[0];

describe('the self-hosted server sends built files as files', () => {
  test.each([
    ['br', 'br', brotliDecompressSync],
    ['gzip', 'gzip', gunzipSync],
    ['gzip, deflate, br', 'br', brotliDecompressSync],
  ] as const)('Accept-Encoding %s: the build’s %s copy, the same page once decoded', async (accept, encoding, decode) => {
    const res = await get(guide, { 'Accept-Encoding': accept });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers.vary).toContain('Accept-Encoding');
    expect(res.body.equals(readFileSync(`${guideFile}.${encoding === 'br' ? 'br' : 'gz'}`))).toBe(true);
    expect(decode(res.body).equals(readFileSync(guideFile))).toBe(true);
    expect(res.headers['content-type']).toMatch(/^text\/html;\s*charset=utf-8$/);
  });

  test('without Accept-Encoding, the page itself', async () => {
    const res = await get(guide);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.equals(readFileSync(guideFile))).toBe(true);
  });

  test('an unchanged page is a 304 with the same headers of safety; a changed ETag gets the page', async () => {
    const first = await get(guide, { 'Accept-Encoding': 'br' });
    const etag = first.headers.etag;
    expect(etag).toBeTruthy();
    const again = await get(guide, { 'Accept-Encoding': 'br', 'If-None-Match': etag as string });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers['content-security-policy']).toBe(cspFor(guide, headers));
    expect(again.headers['x-content-type-options']).toBe('nosniff');
    // Each encoding is its own representation with its own tag.
    const gz = await get(guide, { 'Accept-Encoding': 'gzip', 'If-None-Match': etag as string });
    expect(gz.status).toBe(200);
    expect(gz.headers.etag).not.toBe(etag);
    const stale = await get(guide, { 'Accept-Encoding': 'br', 'If-None-Match': 'W/"1-1"' });
    expect(stale.status).toBe(200);
  });

  test('pages are asked for again on every visit; hashed scripts are kept for a year', async () => {
    const page = await get(guide, { 'Accept-Encoding': 'br' });
    expect(page.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    expect(page.headers['content-security-policy']).toBe(cspFor(guide, headers));
    expect(script, 'a script in /_astro/').toBeTruthy();
    const js = await get(script as string, { 'Accept-Encoding': 'br' });
    expect(js.status).toBe(200);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-type']).toMatch(/javascript/);
  });

  test('HEAD answers the headers alone', async () => {
    const res = await get(guide, { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
    expect(Number(res.headers['content-length'])).toBe(readFileSync(`${guideFile}.br`).length);
  });

  test.each(locales)('a page that is not there is the localized 404 (%s), compressed by the server', async (lng) => {
    const res = await get(`/${lng}/guides/no-such-guide/`, { 'Accept-Encoding': 'gzip' });
    expect(res.status).toBe(404);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.body).toString('utf8')).toMatch(new RegExp(`^<!DOCTYPE html><html lang="${lng}(-Hans)?"`));
  });

  test('a path that climbs out of the build folder finds nothing', async () => {
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/_astro/..%2f..%2fpackage.json']) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.body.toString('utf8')).not.toContain('"dependencies"');
    }
  });

  test('/api goes to the API: JSON answers, its own caching, never a file', async () => {
    const res = await get('/api/catalog', { 'Accept-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const missing = await get('/api/no-such-route');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString('utf8')).error.code).toBe('not_found');
  });
});

describe('the self-hosted build', () => {
  test('wrote Brotli and gzip copies that decode to their originals', () => {
    const originals = ['zh/index.html', 'es/guides/masks/index.html', 'sitemap.xml', (script as string).slice(1)];
    for (const rel of originals) {
      const raw = readFileSync(path.join(client, rel));
      expect(brotliDecompressSync(readFileSync(path.join(client, `${rel}.br`))).equals(raw), rel).toBe(true);
      expect(gunzipSync(readFileSync(path.join(client, `${rel}.gz`))).equals(raw), rel).toBe(true);
    }
  });
});
