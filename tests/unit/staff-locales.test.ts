import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { negotiateStaffLocale, staffLocales, staffPath } from '../../src/i18n/staff';

describe('the staff workspace languages', () => {
  test('are the locales the translation tools expect the staff namespace in', () => {
    const scoped = JSON.parse(readFileSync('locales/namespace-locales.json', 'utf8')) as Record<string, unknown>;
    expect(scoped.staff).toEqual([...staffLocales]);
  });

  test.each([
    [{ acceptLanguage: 'en-GB,en;q=0.9' }, 'en'],
    // Traditional Chinese readers get the Chinese workspace, not the English one further down their list.
    [{ acceptLanguage: 'zh-TW' }, 'zh'],
    [{ acceptLanguage: 'zh-HK,en;q=0.8' }, 'zh'],
    [{ acceptLanguage: 'zh-Hant-CA,en;q=0.8' }, 'zh'],
    // A Spanish or Japanese reader's browser: the workspace has no such language, so Chinese.
    [{ acceptLanguage: 'es-AR,es;q=0.9' }, 'zh'],
    [{ acceptLanguage: 'ja,en;q=0.5' }, 'en'],
    [{ acceptLanguage: '*' }, 'zh'],
    [{ cookie: 'en', acceptLanguage: 'zh-CN' }, 'en'],
    [{ cookie: 'es', acceptLanguage: 'zh-CN' }, 'zh'],
    [{ cookie: 'zh-Hant', acceptLanguage: 'en' }, 'en'],
    [{ cookie: '<script>', acceptLanguage: 'garbage;;q=7' }, 'zh'],
    [{}, 'zh'],
  ] as const)('%o → %s', (input, expected) => {
    expect(negotiateStaffLocale(input)).toBe(expected);
  });

  test('have their pages under /staff/<locale>/, with or without a leading slash on the rest', () => {
    expect(staffPath('en')).toBe('/staff/en/');
    expect(staffPath('zh', '/offer/')).toBe('/staff/zh/offer/');
    expect(staffPath('zh', 'outbox/')).toBe('/staff/zh/outbox/');
  });
});
