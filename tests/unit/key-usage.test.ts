import { describe, expect, test } from 'vitest';
import { keyUsage } from '../../tooling/i18n/key-usage';
import { parseLocaleJson } from '../../tooling/i18n/locale-files';

const options = { namespaces: ['common', 'home', 'errors'], defaultNamespace: 'common' };
const calls = (text: string, file = 'a.astro') =>
  keyUsage(text, file, options).calls.map((c) => ({ text: c.text, ns: c.namespaces, line: c.line }));

describe('finding translation keys in code', () => {
  test('reads t() calls in Astro front matter and markup, knowing which namespace each t translates', () => {
    const page = `---
const t = useTranslations(locale, 'home');
const tc = useTranslations(locale);
---
<h1 title={tc("site.name")}>{t('hero.title')}</h1>
<p>{items.map((item) => <span>It's {t(\`offer.\${item}.title\`)}</span>)}</p>`;
    expect(calls(page)).toEqual([
      { text: 'site.name', ns: ['common'], line: 5 },
      { text: 'hero.title', ns: ['home'], line: 5 },
      { text: 'offer.….title', ns: ['home'], line: 6 },
    ]);
  });

  test('is not thrown off by apostrophes in text, quotes in regular expressions or keys in comments', () => {
    const code = `
const escape = (s: string) => s.replace(/[&<>"']/g, '');
// t('in.a.comment')
/* t("in.a.block") */
const x = a / b / c; t('after.division');`;
    expect(calls(code, 'a.ts')).toEqual([{ text: 'after.division', ns: undefined, line: 5 }]);
    const markup = `<p>Don't <!-- t('commented.out') --> worry</p><p>{t('real.key')}</p><style>p::after { content: "t('no')"; }</style>`;
    expect(calls(markup)).toEqual([{ text: 'real.key', ns: undefined, line: 1 }]);
  });

  test('an explicit namespace wins: ns:key and { ns } options', () => {
    expect(calls("t('errors:error.notFound'); t('hero.title', { ns: 'home' }); t('not-a-ns:x')", 'a.ts')).toEqual([
      { text: 'errors:error.notFound', ns: ['errors'], line: 1 },
      { text: 'hero.title', ns: ['home'], line: 1 },
      { text: 'not-a-ns:x', ns: undefined, line: 1 },
    ]);
  });

  test('strings outside t() are kept as mentions, so keys in variables count as used', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: this string is source code with a template literal in it
    const { mentions } = keyUsage("const key = big ? 'error.payloadTooLarge' : `error.${kind}`;", 'a.ts', options);
    expect(mentions.map((m) => String(m.key))).toEqual(['error.payloadTooLarge', '/^error\\..+$/']);
  });
});

describe('reading a locale file', () => {
  test('gives every key its line', () => {
    const parsed = parseLocaleJson('{\n  "a": "x",\n  "b.c": "y {{n}}"\n}\n');
    expect(parsed.entries.map((e) => [e.key, e.line, e.column])).toEqual([
      ['a', 2, 3],
      ['b.c', 3, 3],
    ]);
  });

  test.each([
    ['a comma after the last entry', '{\n  "a": "x",\n}', 3],
    ['a missing quote', '{\n  "a": "x,\n  "b": "y"\n}', 2],
    ['an unescaped quote inside the text', '{\n  "a": "say "hi"",\n  "b": "y"\n}', 2],
    ['an empty file', '', 1],
  ])('reports %s with the line to look at', (_, text, line) => {
    expect(parseLocaleJson(text).syntaxError).toMatchObject({ line });
  });

  test('ignores a byte-order mark, as the site does', () => {
    expect(parseLocaleJson('\uFEFF{"a": "x"}').entries).toHaveLength(1);
  });
});
