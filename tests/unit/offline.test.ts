import { describe, expect, test } from 'vitest';
import { locales } from '../../src/i18n/config';
import { keptPageGlobs, localeOfPath, neverCached, offlineCacheName, precacheUrlOf, sharedGlobs } from '../../src/lib/offline';

describe('what the service worker keeps', () => {
  test('each language keeps only its own pages; the shared files are the icon and every offline page', () => {
    for (const l of locales) for (const glob of keptPageGlobs(l)) expect(glob.startsWith(`${l}/`)).toBe(true);
    expect(sharedGlobs).toEqual(['favicon.svg', ...locales.map((l) => `${l}/offline/index.html`)]);
  });

  test('the API, the staff workspace and the donation pages are never cached', () => {
    for (const path of ['/api', '/api/health', '/staff/', '/staff/zh/offers/', `/${locales[0]}/donate/`, `/${locales[1]}/donate/status/`]) {
      expect(neverCached(path), path).toBe(true);
    }
    for (const path of [`/${locales[0]}/guides/masks/`, '/apis/', `/${locales[0]}/donated/`]) expect(neverCached(path), path).toBe(false);
  });

  test('a page is kept under its file, and belongs to the language of its prefix', () => {
    expect(precacheUrlOf('/zh/guides/masks/')).toBe('/zh/guides/masks/index.html');
    expect(precacheUrlOf('/zh/guides/masks')).toBe('/zh/guides/masks/index.html');
    expect(precacheUrlOf('/zh/offline/index.html')).toBe('/zh/offline/index.html');
    expect(localeOfPath(`/${locales[2]}/guides/x/`)).toBe(locales[2]);
    expect(localeOfPath('/xx/guides/')).toBeUndefined();
    expect(localeOfPath('/')).toBeUndefined();
    expect(offlineCacheName('zh', 'abc')).toBe('tongxin-offline-zh-abc');
  });
});
