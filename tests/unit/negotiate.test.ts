import { describe, expect, test } from 'vitest';
import { matchLocale, negotiateLocale, parseAcceptLanguage, readCookie } from '../../src/i18n/negotiate';

describe('parseAcceptLanguage', () => {
  test('orders ranges by q-value, keeping header order for ties', () => {
    expect(parseAcceptLanguage('en;q=0.5, ja-JP, es;q=0.8, fr')).toEqual([
      { tag: 'ja-jp', q: 1 },
      { tag: 'fr', q: 1 },
      { tag: 'es', q: 0.8 },
      { tag: 'en', q: 0.5 },
    ]);
  });

  test('drops ranges the reader refused with q=0', () => {
    expect(parseAcceptLanguage('zh;q=0, en')).toEqual([{ tag: 'en', q: 1 }]);
  });

  test('drops malformed entries instead of guessing', () => {
    expect(parseAcceptLanguage('en;q=2, <script>, es;q=abc, ja;q=0.7, ;;;, de-')).toEqual([{ tag: 'ja', q: 0.7 }]);
  });

  test('treats an empty or missing header as no preference', () => {
    expect(parseAcceptLanguage('')).toEqual([]);
    expect(parseAcceptLanguage(undefined)).toEqual([]);
    expect(parseAcceptLanguage(',,,')).toEqual([]);
  });

  test('cuts an absurdly long header', () => {
    const header = Array.from({ length: 500 }, (_, i) => `x${i}`).join(',');
    expect(parseAcceptLanguage(header).length).toBeLessThanOrEqual(32);
  });
});

describe('matchLocale', () => {
  test.each([
    ['es-AR', 'es'],
    ['es-419', 'es'],
    ['ES', 'es'],
    ['ja-JP', 'ja'],
    ['zh-CN', 'zh'],
    ['en-GB', 'en'],
    ['en', 'en'],
  ])('%s is served by %s', (tag, locale) => {
    expect(matchLocale(tag)).toBe(locale);
  });

  // Traditional script, or a region that writes it, reads /zh-Hant/; Simplified stays on /zh/.
  test.each([
    ['zh-TW', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['zh-MO', 'zh-Hant'],
    ['zh-Hant', 'zh-Hant'],
    ['zh-hant', 'zh-Hant'],
    ['zh-Hant-CA', 'zh-Hant'],
    ['zh-Hant-HK', 'zh-Hant'],
    ['zh-Hant-CN', 'zh-Hant'],
    ['zh-TW-x-private', 'zh-Hant'],
    ['yue', 'zh-Hant'],
    ['yue-HK', 'zh-Hant'],
    ['zh-CN', 'zh'],
    ['zh-SG', 'zh'],
    ['zh-MY', 'zh'],
    ['zh', 'zh'],
    ['zh-Hans', 'zh'],
    ['zh-Hans-TW', 'zh'],
    ['zh-Hans-HK', 'zh'],
    ['yue-Hans', 'zh'],
  ])('Chinese %s reads %s', (tag, locale) => {
    expect(matchLocale(tag)).toBe(locale);
  });

  test('matches on subtag boundaries only', () => {
    expect(matchLocale('eng')).toBeUndefined();
    expect(matchLocale('jav')).toBeUndefined();
    expect(matchLocale('fr-FR')).toBeUndefined();
    expect(matchLocale('zh-TWN')).toBe('zh');
    expect(matchLocale('zh-Hantx')).toBe('zh');
    expect(matchLocale('yuex')).toBeUndefined();
  });
});

describe('negotiateLocale', () => {
  test('a remembered choice wins over the browser', () => {
    expect(negotiateLocale({ cookie: 'ja', acceptLanguage: 'es-AR' })).toBe('ja');
  });

  test('an unknown remembered value is ignored', () => {
    expect(negotiateLocale({ cookie: 'xx', acceptLanguage: 'es-AR' })).toBe('es');
  });

  test('the first supported language by preference wins', () => {
    expect(negotiateLocale({ acceptLanguage: 'fr-FR, de;q=0.9, ja-JP;q=0.8, en;q=0.7' })).toBe('ja');
  });

  test('a Taiwanese or Hong Kong browser lands on Traditional Chinese, a mainland or Singapore one on Simplified', () => {
    expect(negotiateLocale({ acceptLanguage: 'zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7' })).toBe('zh-Hant');
    expect(negotiateLocale({ acceptLanguage: 'zh-HK,zh;q=0.9' })).toBe('zh-Hant');
    expect(negotiateLocale({ acceptLanguage: 'zh-CN,zh;q=0.9,zh-TW;q=0.8' })).toBe('zh');
    expect(negotiateLocale({ acceptLanguage: 'zh-SG,en;q=0.5' })).toBe('zh');
    expect(negotiateLocale({ acceptLanguage: 'en;q=0.4, zh-Hant-CA;q=0.9' })).toBe('zh-Hant');
  });

  test('a remembered Traditional Chinese choice wins, in exactly the case the switcher sets it', () => {
    expect(negotiateLocale({ cookie: 'zh-Hant', acceptLanguage: 'zh-CN' })).toBe('zh-Hant');
    expect(negotiateLocale({ cookie: 'zh', acceptLanguage: 'zh-TW' })).toBe('zh');
    expect(negotiateLocale({ cookie: 'zh-hant', acceptLanguage: 'es' })).toBe('es');
  });

  test('a higher q-value beats header order', () => {
    expect(negotiateLocale({ acceptLanguage: 'en;q=0.4, es-419;q=0.9' })).toBe('es');
  });

  test.each([[''], [undefined], ['fr, de'], ['!!!'], ['*']])('falls back to Chinese for %j', (header) => {
    expect(negotiateLocale({ acceptLanguage: header })).toBe('zh');
  });
});

describe('readCookie', () => {
  test('finds a cookie among others', () => {
    expect(readCookie('a=1; tx_lang=es; b=2', 'tx_lang')).toBe('es');
  });
  test('answers undefined when it is absent or the header is junk', () => {
    expect(readCookie('a=1', 'tx_lang')).toBeUndefined();
    expect(readCookie(';;=;', 'tx_lang')).toBeUndefined();
    expect(readCookie(null, 'tx_lang')).toBeUndefined();
  });
});
