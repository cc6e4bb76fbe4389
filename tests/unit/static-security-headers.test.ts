import type { IncomingMessage } from 'node:http';
import { describe, expect, test } from 'vitest';
import { cspFor, parseTrustProxy, servedOverHttps } from '../../scripts/lib/static-security-headers.mjs';

const request = (forwardedProto?: string, encrypted = false) =>
  ({
    socket: { encrypted },
    headers: forwardedProto === undefined ? {} : { 'x-forwarded-proto': forwardedProto },
  }) as unknown as IncomingMessage;

describe('TRUST_PROXY for the self-hosted server', () => {
  test('is a small whole number, 0 when unset', () => {
    expect(parseTrustProxy(undefined)).toBe(0);
    expect(parseTrustProxy('')).toBe(0);
    expect(parseTrustProxy('2')).toBe(2);
    for (const bad of ['yes', '-1', '1.5', '11'])
      expect(() => parseTrustProxy(bad), bad).toThrow(/TRUST_PROXY must be the number of reverse proxies/);
  });
});

describe('whether the reader came over HTTPS', () => {
  test('without a trusted proxy, X-Forwarded-Proto is whatever the client wrote: ignored', () => {
    expect(servedOverHttps(request('https'), 0)).toBe(false);
  });

  test('behind one proxy, its X-Forwarded-Proto decides', () => {
    expect(servedOverHttps(request('https'), 1)).toBe(true);
    expect(servedOverHttps(request('http'), 1)).toBe(false);
    expect(servedOverHttps(request(), 1)).toBe(false);
  });

  test('a value the client wrote before the proxy appended its own is not believed', () => {
    expect(servedOverHttps(request('https, http'), 1)).toBe(false);
  });

  test('behind two proxies, the outer one (the reader’s) decides', () => {
    expect(servedOverHttps(request('https, http'), 2)).toBe(true);
    expect(servedOverHttps(request('http, https, http'), 2)).toBe(true);
    expect(servedOverHttps(request('https, http, http'), 2)).toBe(false);
  });

  test('TLS on the server itself is HTTPS', () => {
    expect(servedOverHttps(request(undefined, true), 0)).toBe(true);
  });
});

describe('the policy of a static path', () => {
  const headers = {
    base: {},
    hsts: 'max-age=1',
    routes: { '/en': 'home', '/en/guides': 'guides' },
    files: { '/pagefind/pagefind-worker.js': 'worker' },
    resourceCsp: 'resource',
  };

  test('a page is found with or without its slash, index.html or a query', () => {
    for (const url of ['/en/guides', '/en/guides/', '/en/guides/index.html', '/en/guides/?q=x', '/en/guides/#top']) {
      expect(cspFor(url, headers), url).toBe('guides');
    }
    expect(cspFor('/en/', headers)).toBe('home');
  });

  test('never another page’s policy for a path that only contains a page’s (the adapter’s own lookup did)', () => {
    expect(cspFor('/', headers)).toBe('resource');
    expect(cspFor('/en/guides/masks/', headers)).toBe('resource');
  });

  test('the search worker has its own; anything else, or a malformed path, the resource policy', () => {
    expect(cspFor('/pagefind/pagefind-worker.js', headers)).toBe('worker');
    expect(cspFor('/_astro/x.js', headers)).toBe('resource');
    expect(cspFor('/%E0%A4%A', headers)).toBe('resource');
  });
});
