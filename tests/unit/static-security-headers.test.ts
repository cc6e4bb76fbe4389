import { describe, expect, test } from 'vitest';
import { cspFor } from '../../scripts/lib/static-security-headers.mjs';

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
