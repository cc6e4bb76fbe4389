import { describe, expect, test } from 'vitest';
import { alternatePaths, localizedPath, safeLocalPath, splitLocale, switchLocalePath } from '../../src/i18n/paths';

describe('localizedPath', () => {
  test('puts the locale first and ends with a slash', () => {
    expect(localizedPath('en')).toBe('/en/');
    expect(localizedPath('es', '/guides')).toBe('/es/guides/');
    expect(localizedPath('ja', 'guides/masks/')).toBe('/ja/guides/masks/');
  });
  test('leaves file names alone', () => {
    expect(localizedPath('zh', '/rss.xml')).toBe('/zh/rss.xml');
  });
});

describe('splitLocale', () => {
  test('separates a known locale from the rest of the path', () => {
    expect(splitLocale('/es/guides/masks/')).toEqual({ locale: 'es', rest: '/guides/masks/' });
    expect(splitLocale('/ja')).toEqual({ locale: 'ja', rest: '/' });
  });
  test('does not take an unknown prefix for a locale', () => {
    expect(splitLocale('/fr/guides/')).toEqual({ locale: undefined, rest: '/fr/guides/' });
    expect(splitLocale('/english/')).toEqual({ locale: undefined, rest: '/english/' });
  });
});

describe('switchLocalePath', () => {
  test('keeps the reader on the same page', () => {
    expect(switchLocalePath('/es/guides/masks/', 'ja')).toBe('/ja/guides/masks/');
    expect(switchLocalePath('/zh/', 'en')).toBe('/en/');
  });
});

describe('alternatePaths', () => {
  test('lists the page in every given language', () => {
    expect(alternatePaths('/stories/', ['zh', 'en'])).toEqual([
      { locale: 'zh', path: '/zh/stories/' },
      { locale: 'en', path: '/en/stories/' },
    ]);
  });
});

describe('safeLocalPath', () => {
  test('accepts a localized path on this site', () => {
    expect(safeLocalPath('/es/guides/masks/')).toBe('/es/guides/masks/');
    expect(safeLocalPath('/ja/?q=1#x')).toBe('/ja/?q=1#x');
  });
  test.each([['https://evil.example/es/'], ['//evil.example/es/'], ['/\\evil.example'], ['/fr/'], ['es/'], [''], ['/es/\n'], [undefined]])(
    'refuses %j',
    (value) => {
      expect(safeLocalPath(value)).toBeUndefined();
    },
  );
});
