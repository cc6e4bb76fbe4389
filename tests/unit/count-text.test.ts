import { describe, expect, test } from 'vitest';
import { useTranslations } from '../../src/i18n/i18n';
import { countForms, countText } from '../../src/lib/count-text';

describe('counted sentences made at build time, counted in the browser', () => {
  test('English uses one and other', () => {
    const forms = countForms((n) => useTranslations('en', 'content')('search.results', { count: n }));
    expect(countText(forms, 1, 'en')).toBe('1 result');
    expect(countText(forms, 1234, 'en')).toBe('1,234 results');
  });

  test('Spanish writes thousands its own way', () => {
    const forms = countForms((n) => useTranslations('es', 'content')('search.results', { count: n }));
    expect(countText(forms, 1, 'es')).toBe('1 resultado');
    expect(countText(forms, 12, 'es')).toBe('12 resultados');
  });

  test('Japanese has one form', () => {
    const forms = countForms((n) => useTranslations('ja', 'content')('search.results', { count: n }));
    expect(countText(forms, 3, 'ja')).toBe('3件見つかりました');
  });
});
