import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { locales } from '../../src/i18n/config';
import { GENERATED_KEY } from '../../src/i18n/generated-key';
import { useTranslations } from '../../src/i18n/i18n';
import { namespaceIsIn, readNamespaceLocales } from '../../tooling/i18n/locale-project';

const root = path.resolve('locales');
// A converted locale's files say where they come from under a key that is not a text.
const read = (lng: string, file: string) => {
  const { [GENERATED_KEY]: _origin, ...texts } = JSON.parse(readFileSync(path.join(root, lng, file), 'utf8')) as Record<string, string>;
  return texts;
};
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const jsonFiles = (lng: string) => readdirSync(path.join(root, lng)).filter((f) => f.endsWith('.json'));
// A namespace listed in locales/namespace-locales.json belongs only to the locales listed with it.
const { limited } = readNamespaceLocales(path.resolve('.'));
const isIn = (file: string, lng: string) => namespaceIsIn(limited, file.replace(/\.json$/, ''), lng);

describe.each(locales.filter((l) => l !== 'zh'))('locale %s against zh', (lng) => {
  const files = jsonFiles('zh').filter((f) => isIn(f, lng));

  test('has no file for a namespace limited to other locales', () => {
    expect(jsonFiles(lng).filter((f) => !isIn(f, lng))).toEqual([]);
  });

  test.each(files)('%s has exactly the keys zh has', (file) => {
    const zh = new Set(Object.keys(read('zh', file)).map(base));
    const other = new Set(Object.keys(read(lng, file)).map(base));
    expect(
      [...zh].filter((k) => !other.has(k)),
      'missing keys',
    ).toEqual([]);
    expect(
      [...other].filter((k) => !zh.has(k)),
      'keys zh does not have',
    ).toEqual([]);
  });

  test.each(files)('%s uses the same {{placeholders}} as zh', (file) => {
    const zh = read('zh', file);
    const other = read(lng, file);
    const mismatched = Object.entries(other)
      .filter(([key]) => key in zh)
      .filter(([key, value]) => JSON.stringify(placeholders(value)) !== JSON.stringify(placeholders(zh[key] as string)))
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  test.each(files)('%s has no empty strings', (file) => {
    expect(Object.entries(read(lng, file)).filter(([, v]) => typeof v !== 'string' || !v.trim())).toEqual([]);
  });
});

describe('translation at run time', () => {
  test('each locale speaks its own language', () => {
    expect(useTranslations('zh')('nav.guides')).toBe('防护指南');
    expect(useTranslations('es')('nav.guides')).toBe('Guías de protección');
    expect(useTranslations('ja', 'errors')('error.notFound')).toMatch(/見つかりません|ありません/);
    expect(useTranslations('zh-Hant')('nav.guides')).toBe('防護指南');
    expect(useTranslations('zh-Hant', 'errors')('validation.email')).toContain('電子郵件地址');
  });

  test('a converted locale never shows its origin note as a text', () => {
    expect(useTranslations('zh-Hant')(GENERATED_KEY as 'nav.guides')).toBe('');
  });

  test('interpolates without escaping twice (the page escapes once)', () => {
    const t = useTranslations('en', 'home');
    expect(t('figures.cashUnit', { value: '<b>1</b>' })).toBe('<b>1</b> yuan');
  });
});
