import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { acceptedEncodings, cacheControl, noneMatch, staticFiles } from '../../scripts/lib/static-files.mjs';

describe('acceptedEncodings', () => {
  test.each([
    [undefined, []],
    ['', []],
    ['gzip', ['gzip']],
    ['gzip, deflate, br', ['br', 'gzip']],
    ['br;q=0.5, gzip', ['gzip', 'br']],
    ['br;q=0, gzip;q=0.8', ['gzip']],
    ['identity', []],
    ['*', ['br', 'gzip']],
    ['*;q=0.1, br;q=0', ['gzip']],
    ['x-gzip', ['gzip']],
    ['GZIP ; Q=1', ['gzip']],
  ] as const)('%s → %j', (header, expected) => {
    expect(acceptedEncodings(header)).toEqual(expected);
  });
});

describe('noneMatch', () => {
  test('matches one of a list, weakly, or *', () => {
    expect(noneMatch('"a", "b"', '"b"')).toBe(true);
    expect(noneMatch('W/"b"', '"b"')).toBe(true);
    expect(noneMatch('*', '"b"')).toBe(true);
    expect(noneMatch('"bb"', '"b"')).toBe(false);
    expect(noneMatch(undefined, '"b"')).toBe(false);
  });
});

test('cacheControl: hashed assets for a year, the rest asked again', () => {
  expect(cacheControl('/_astro/page.Ab12.js')).toContain('immutable');
  expect(cacheControl('/zh/guides/')).toBe('public, max-age=0, must-revalidate');
  expect(cacheControl('/pagefind/pagefind.js')).toBe('public, max-age=0, must-revalidate');
});

// A folder as the build leaves it, served through a real HTTP server.
describe('staticFiles', () => {
  let dir: string;
  let server: http.Server;
  let base: string;
  const page = '<!DOCTYPE html><title>x</title>'.padEnd(4000, ' ');
  const big = Buffer.alloc(1_500_000, 7); // over the limit of what is kept in memory

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'static-files-'));
    mkdirSync(path.join(dir, 'zh/guides'), { recursive: true });
    mkdirSync(path.join(dir, '_astro'));
    writeFileSync(path.join(dir, 'zh/guides/index.html'), page);
    writeFileSync(path.join(dir, 'zh/guides/index.html.gz'), gzipSync(page));
    writeFileSync(path.join(dir, '_astro/big.Xy.bin'), big);
    const files = staticFiles({
      dir,
      securityHeaders: (url: string) => ({ 'Content-Security-Policy': `policy for ${url}`, 'X-Content-Type-Options': 'nosniff' }),
      hsts: 'max-age=63072000',
    });
    expect(files.stats).toEqual({ files: 1, bytes: Buffer.byteLength(page), leftOnDisk: 1 });
    server = http.createServer((req, res) =>
      files.serve(req, res, { https: req.headers['x-test-https'] === '1' }, () => res.writeHead(418).end('next')),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  test('a page by its folder, with its headers of safety and the gzip copy', async () => {
    for (const p of ['/zh/guides/', '/zh/guides', '/zh/guides/index.html']) {
      const res = await fetch(base + p, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-encoding')).toBe('gzip');
      expect(res.headers.get('content-security-policy')).toBe('policy for /zh/guides/index.html');
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(await res.text()).toBe(page);
    }
  });

  test('no Brotli copy: gzip; neither asked for: the file; HSTS only over HTTPS', async () => {
    const res = await fetch(`${base}/zh/guides/`, { headers: { 'Accept-Encoding': 'br', 'X-Test-Https': '1' } });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('strict-transport-security')).toBe('max-age=63072000');
  });

  test('what is not a GET or HEAD, and what is not there, goes on', async () => {
    expect((await fetch(`${base}/zh/guides/`, { method: 'POST' })).status).toBe(418);
    expect((await fetch(`${base}/zh/nothing/`)).status).toBe(418);
    expect((await fetch(`${base}/%E0%A4%A`)).status).toBe(418);
  });

  test('a file too large to keep comes from disk, with the same caching rules', async () => {
    const res = await fetch(`${base}/_astro/big.Xy.bin`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-security-policy')).toBe('policy for /_astro/big.Xy.bin');
    expect(Buffer.from(await res.arrayBuffer()).equals(big)).toBe(true);
  });
});
