import { describe, expect, test } from 'vitest';
import { alternatePaths, correctLocaleCase, localizedPath, safeLocalPath, splitLocale, switchLocalePath } from '../../src/i18n/paths';

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
  test('takes a locale code longer than two letters, in its exact case', () => {
    expect(splitLocale('/zh-Hant/guides/masks/')).toEqual({ locale: 'zh-Hant', rest: '/guides/masks/' });
    expect(splitLocale('/zh-hant/guides/')).toEqual({ locale: undefined, rest: '/zh-hant/guides/' });
  });
  test('does not take an unknown prefix for a locale', () => {
    expect(splitLocale('/fr/guides/')).toEqual({ locale: undefined, rest: '/fr/guides/' });
    expect(splitLocale('/english/')).toEqual({ locale: undefined, rest: '/english/' });
  });
});

describe('correctLocaleCase', () => {
  test('corrects a locale prefix typed in another case, keeping the rest', () => {
    expect(correctLocaleCase('/zh-hant/guides/masks/')).toBe('/zh-Hant/guides/masks/');
    expect(correctLocaleCase('/ZH-HANT')).toBe('/zh-Hant/');
    expect(correctLocaleCase('/EN/about/')).toBe('/en/about/');
  });
  test('has nothing to correct in a right prefix or a path that is no locale', () => {
    expect(correctLocaleCase('/zh-Hant/guides/')).toBeUndefined();
    expect(correctLocaleCase('/zh-tw/guides/')).toBeUndefined();
    expect(correctLocaleCase('/')).toBeUndefined();
  });
});

describe('switchLocalePath', () => {
  test('keeps the reader on the same page', () => {
    expect(switchLocalePath('/es/guides/masks/', 'ja')).toBe('/ja/guides/masks/');
    expect(switchLocalePath('/zh/', 'en')).toBe('/en/');
    expect(switchLocalePath('/zh/guides/masks/', 'zh-Hant')).toBe('/zh-Hant/guides/masks/');
    expect(switchLocalePath('/zh-Hant/donate/', 'zh')).toBe('/zh/donate/');
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
    expect(safeLocalPath('/zh-Hant/donate/')).toBe('/zh-Hant/donate/');
  });
  test.each([['https://evil.example/es/'], ['//evil.example/es/'], ['/\\evil.example'], ['/fr/'], ['es/'], [''], ['/es/\n'], [undefined]])(
    'refuses %j',
    (value) => {
      expect(safeLocalPath(value)).toBeUndefined();
    },
  );
});
