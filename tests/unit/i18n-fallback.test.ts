import { afterEach, describe, expect, test, vi } from 'vitest';
import { defaultLocale, type Locale, locales } from '../../src/i18n/config';
import { fallbackChain, getI18n, useTranslations } from '../../src/i18n/i18n';

// Keys that exist only where a test puts them, so the real locale files stay untouched.
function addText(lng: Locale, key: string, text: string, ns = 'common') {
  for (const locale of locales) getI18n(locale).addResource(lng, ns, key, text);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a text missing in one language at run time', () => {
  test('falls back along the chain (es → en) and tells the developer', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    addText('en', 'test.onlyEnZh', 'Only in English and Chinese');
    addText('zh', 'test.onlyEnZh', '只有英文和中文');
    expect(useTranslations('es')('test.onlyEnZh' as never)).toBe('Only in English and Chinese');
    expect(warn).toHaveBeenCalledWith('[i18n] "common:test.onlyEnZh" is not translated into es: readers see the en text');
  });

  test('reaches the Chinese source at the end of every chain (ja → zh, es → en → zh)', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    addText('zh', 'test.onlyZh', '只有中文，{{name}}');
    expect(useTranslations('ja')('test.onlyZh' as never, { name: '李' } as never)).toBe('只有中文，李');
    expect(useTranslations('es')('test.onlyZh' as never, { name: 'Ana' } as never)).toBe('只有中文，Ana');
  });

  test('uses the plural forms of the language it falls back to', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    addText('en', 'test.items_one', 'one item');
    addText('en', 'test.items_other', '{{count}} items');
    expect(useTranslations('es')('test.items' as never, { count: 1 } as never)).toBe('one item');
    expect(useTranslations('es')('test.items' as never, { count: 3 } as never)).toBe('3 items');
  });

  test('never shows the raw key to a reader, even when no language has it', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(useTranslations('es')('test.nowhere' as never)).toBe('');
    expect(useTranslations('en')('test.nowhere' as never, { defaultValue: 'A default' } as never)).toBe('A default');
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[i18n\] missing "common:test\.nowhere" in every language/));
  });

  test('a namespace only zh and en have (namespace-locales.json) works in both, and es and ja readers get their fallback', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    addText('zh', 'test.signIn', '登录', 'test-limited');
    addText('en', 'test.signIn', 'Sign in', 'test-limited');
    const t = (lng: Locale) => useTranslations(lng, 'test-limited' as never)('test.signIn' as never);
    expect([t('zh'), t('en'), t('es'), t('ja')]).toEqual(['登录', 'Sign in', 'Sign in', '登录']);
  });

  test('stays quiet for a text the language has', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(useTranslations('es')('nav.guides')).toBe('Guías de protección');
    expect(warn).not.toHaveBeenCalled();
  });
});

test('every locale’s fallback chain reaches the source language, which has every key', () => {
  for (const locale of locales.filter((l) => l !== defaultLocale)) {
    expect(fallbackChain(locale), locale).toContain(defaultLocale);
    expect(fallbackChain(locale)).not.toContain(locale);
  }
});
