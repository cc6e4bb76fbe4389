import { describe, expect, test } from 'vitest';
import operatorFile from '../../config/operator.json';
import { operatorIn, parseOperator } from '../../src/lib/operator';

const real = {
  demo: false,
  contact: { email: 'Privacy@Example.org', url: 'https://example.org/' },
  locales: {
    zh: { name: '示例协会', description: '一个示例。', jurisdiction: '阿根廷（第 25.326 号法律）' },
    es: { name: 'Asociación de ejemplo', description: 'Un ejemplo.', jurisdiction: 'Argentina (Ley 25.326)' },
  },
};

describe('the operator file', () => {
  test('the shipped file is valid and says it is a demonstration, in every language', () => {
    const operator = parseOperator(operatorFile);
    expect(operator.demo).toBe(true);
    expect(Object.keys(operator.locales).sort()).toEqual(['en', 'es', 'ja', 'zh', 'zh-Hant']);
  });

  test('a real operator must give a contact and, in every language, whose law applies', () => {
    expect(() => parseOperator({ ...real, contact: {} })).toThrow(/contact\.email: an operator must give a contact email/);
    const noLaw = { ...real, locales: { ...real.locales, es: { name: 'A', description: 'B' } } };
    expect(() => parseOperator(noLaw)).toThrow(/locales\.es\.jurisdiction: say whose data-protection law applies/);
    expect(parseOperator(real).contact.email).toBe('Privacy@Example.org');
  });

  test('mistakes are named by field and file', () => {
    expect(() => parseOperator({ ...real, contact: { email: 'not an address' } }, 'ops.json')).toThrow(
      /ops\.json is not valid:[\s\S]*contact\.email/,
    );
    expect(() => parseOperator({ ...real, contact: { ...real.contact, url: 'http://example.org/' } })).toThrow(/contact\.url/);
    expect(() => parseOperator({ ...real, locales: { es: real.locales.es } })).toThrow(/locales\.zh/);
    expect(() => parseOperator({ ...real, owner: 'x' })).toThrow(/owner|Unrecognized/);
  });

  test('a language without its own text shows the Chinese, and says so', () => {
    const operator = parseOperator(real);
    expect(operatorIn(operator, 'es')).toMatchObject({
      name: 'Asociación de ejemplo',
      textLocale: 'es',
      jurisdiction: 'Argentina (Ley 25.326)',
    });
    expect(operatorIn(operator, 'ja')).toMatchObject({ name: '示例协会', textLocale: 'zh', email: 'Privacy@Example.org' });
    // Traditional Chinese readers read the Chinese too; the page marks it zh-Hans rather than leave a gap.
    expect(operatorIn(operator, 'zh-Hant')).toMatchObject({ name: '示例协会', textLocale: 'zh' });
  });
});
