import { describe, expect, inject, test } from 'vitest';
import { locales } from '../../src/i18n/config';

const baseURL = inject('baseURL');

/** Every same-site link and asset a page refers to. */
function references(html: string, from: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
    const raw = (m[1] as string).replace(/&amp;/g, '&');
    if (/^(mailto:|tel:|javascript:|data:)/.test(raw)) continue;
    const url = new URL(raw, from);
    if (url.origin !== new URL(baseURL).origin && !url.href.startsWith('http://localhost:4321/')) continue;
    found.push(url.pathname + url.search);
  }
  return found;
}

describe('the built site', () => {
  test('every internal link and asset answers 200', async () => {
    const seen = new Set<string>();
    const queue = ['/', ...locales.map((l) => `/${l}/`)];
    const broken: string[] = [];
    while (queue.length) {
      const path = queue.shift() as string;
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await fetch(`${baseURL}${path}`, { redirect: 'follow' });
      if (res.status !== 200) {
        broken.push(`${res.status} ${path}`);
        continue;
      }
      if (!(res.headers.get('content-type') ?? '').includes('text/html')) continue;
      const html = await res.text();
      for (const ref of references(html, `${baseURL}${path}`)) {
        // The language switcher goes through the API to remember the choice; follow its target.
        const target = ref.startsWith('/api/locale/') ? decodeURIComponent(new URL(ref, baseURL).searchParams.get('next') ?? '') : ref;
        if (target && !seen.has(target)) queue.push(target);
      }
    }
    expect(broken).toEqual([]);
    expect(seen.size).toBeGreaterThan(150);
  });
});
