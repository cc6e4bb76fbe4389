import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { checkTranslations, formatReport } from '../../tooling/i18n/i18n-check';
import type { Issue } from '../../tooling/i18n/locale-compare';
import { tempProjects } from '../helpers/i18n-project';

const malformed = path.resolve('tests/fixtures/malformed-locales');

const project = tempProjects();

const check = (root: string, configured?: string[]) => checkTranslations({ root, sourceLocale: 'zh', configured });
const find = (issues: Issue[], code: Issue['code']) => issues.filter((i) => i.code === code);

describe('i18n:check on deliberately broken files (tests/fixtures/malformed-locales)', () => {
  const { issues } = check(malformed);

  test('names a key a translation lacks, with where zh has it', () => {
    expect(find(issues, 'missing-key')).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'locales/es/common.json',
        locale: 'es',
        namespace: 'common',
        key: 'nav.stories',
        message: 'missing "nav.stories" (zh: locales/zh/common.json:3 "故事")',
      }),
    ]);
  });

  test('names a placeholder that does not match the Chinese one, with file and line', () => {
    expect(find(issues, 'placeholder-mismatch')).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'locales/ja/common.json',
        line: 4,
        key: 'greeting',
        message: expect.stringContaining('"greeting" lacks {{name}} and has {{nombre}}'),
      }),
    ]);
  });

  test('asks for the Spanish _many form and only there', () => {
    expect(find(issues, 'missing-plural-form')).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'locales/es/offers.json',
        key: 'offers.count_many',
        message: expect.stringMatching(/^missing plural form "offers\.count_many": Spanish needs _one, _many, _other/),
      }),
    ]);
  });

  test('reports invalid JSON with file, line and column', () => {
    expect(find(issues, 'invalid-json')).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'locales/en/errors.json',
        line: 3,
        column: 3,
        message: expect.stringMatching(
          /^not valid JSON: Expected ',' or '}' after property value at line 3, column 3\. Often a missing comma/,
        ),
      }),
    ]);
  });

  test('reports a zh key nothing in src/ or functions/ uses', () => {
    expect(find(issues, 'unused-key')).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'locales/zh/common.json',
        line: 5,
        key: 'footer.unused',
        message: '"footer.unused" is used nowhere in src/ or functions/: delete it from every locale, or use it',
      }),
    ]);
  });

  test('reports a key the code uses that zh does not have, at the call', () => {
    expect(find(issues, 'undefined-key')).toEqual([
      expect.objectContaining({
        file: 'src/pages/index.astro',
        line: 12,
        column: 9,
        message: '"nav.missing" is used here but zh has no such key in common.json: add it to locales/zh/common.json first',
      }),
    ]);
  });

  test('finds nothing else: template keys, ns:key, keys in variables and plurals count as used', () => {
    expect(issues.map((i) => i.code).sort()).toEqual([
      'invalid-json',
      'missing-key',
      'missing-plural-form',
      'placeholder-mismatch',
      'undefined-key',
      'unused-key',
    ]);
  });

  test('the command exits 1 and prints each problem with file and line', async () => {
    const run = promisify(execFile)(process.execPath, ['scripts/i18n-check.ts', malformed]);
    await expect(run).rejects.toMatchObject({ code: 1 });
    const { stdout } = (await run.catch((e) => e)) as { stdout: string };
    expect(stdout).toContain('locales/en/errors.json  (namespace errors, locale en)\n  3:3 ');
    // The broken spot, shown with the line before it (where the comma is missing).
    expect(stdout).toContain('  2 |   "error.notFound": "Not found."\n           > 3 |   "error.internal"');
    expect(stdout).toContain('locales/ja/common.json  (namespace common, locale ja)\n  4:3 ');
    expect(stdout).toMatch(/✖ 6 errors, 0 warnings/);
  });
});

const zh = { 'nav.guides': '防护指南', 'offer.guides.title': '指南', 'offer.donate.title': '捐赠', items_other: '{{count}} 项' };
const code = `---
const t = useTranslations(locale);
const keys = ['guides', 'donate'];
---
<p>{keys.map((k) => t(\`offer.\${k}.title\`))} {t('nav.guides')} {t('items', { count: 2 })}</p>`;

describe('i18n:check rules', () => {
  test('a complete project has no findings', () => {
    const root = project({
      'locales/zh/common.json': zh,
      'locales/en/common.json': {
        'nav.guides': 'Guides',
        'offer.guides.title': 'Guides',
        'offer.donate.title': 'Give',
        items_one: 'one item',
        items_other: '{{count}} items',
      },
      'locales/es/common.json': {
        'nav.guides': 'Guías',
        'offer.guides.title': 'Guías',
        'offer.donate.title': 'Donar',
        items_one: 'un elemento',
        items_many: '{{count}} de elementos',
        items_other: '{{count}} elementos',
      },
      'src/pages/index.astro': code,
    });
    const result = check(root, ['zh', 'en', 'es']);
    expect(result.issues).toEqual([]);
  });

  test('a text identical to zh is a warning, unless locales/same-as-source.json allows it', () => {
    // 群聊, not 群组: a simplified character in ja text would be a finding of its own.
    const files = {
      'locales/zh/common.json': { 'brand.name': 'WhatsApp 群聊', 'site.name': '同心战疫' },
      'locales/ja/common.json': { 'brand.name': 'WhatsApp 群聊', 'site.name': '同心戦疫' },
      'src/a.ts': "t('brand.name'); t('site.name');",
    };
    const warned = check(project(files)).issues;
    expect(warned).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'same-as-source', file: 'locales/ja/common.json', line: 2, key: 'brand.name' }),
    ]);
    const allowed = check(project({ ...files, 'locales/same-as-source.json': { ja: ['common:brand.name'] } })).issues;
    expect(allowed).toEqual([]);
  });

  test('extra keys, extra plural forms, empty texts, nested objects and repeated keys are errors', () => {
    const root = project({
      'locales/zh/common.json': { a: '甲', n_other: '{{count}} 个' },
      'locales/en/common.json': `{
  "a": "",
  "n_one": "one",
  "n_many": "many",
  "n_other": "{{count}}",
  "n_zero": "none",
  "b": { "c": "nested" },
  "typo.key": "x",
  "typo.key": "y"
}`,
    });
    const issues = check(root).issues.filter((i) => i.locale === 'en');
    expect(issues.map((i) => [i.code, i.key, i.line])).toEqual([
      ['empty-value', 'a', 2],
      ['extra-plural-form', 'n_many', 4],
      ['extra-key', 'b', 7],
      ['not-a-string', 'b', 7],
      ['duplicate-key', 'typo.key', 9],
      ['extra-key', 'typo.key', 9],
    ]);
  });

  test('a missing namespace file, a file zh lacks and a configured locale without a folder are errors', () => {
    const root = project({
      'locales/zh/common.json': { a: '甲' },
      'locales/zh/home.json': { b: '乙' },
      'locales/en/common.json': { a: 'A' },
      'locales/en/homepage.json': { b: 'B' },
      'locales/xx/common.json': { a: 'X' },
      'locales/xx/home.json': { b: 'X' },
    });
    const issues = check(root, ['zh', 'en', 'es']).issues;
    expect(issues.map((i) => [i.severity, i.code, i.file])).toEqual([
      ['error', 'missing-file', 'locales/en/home.json'],
      ['error', 'extra-file', 'locales/en/homepage.json'],
      ['error', 'missing-locale-folder', 'locales/es/'],
      ['warning', 'unconfigured-locale', 'locales/xx/'],
    ]);
  });

  test('a key used through a namespaced t must be in that namespace', () => {
    const root = project({
      'locales/zh/common.json': { 'site.name': '同心战疫' },
      'locales/zh/home.json': { 'hero.title': '标题' },
      'src/page.astro': "---\nconst t = useTranslations(locale, 'home');\n---\n<h1>{t('site.name')}</h1><p>{t('hero.title')}</p>",
    });
    const issues = check(root).issues;
    expect(issues).toEqual([
      expect.objectContaining({ code: 'unused-key', key: 'site.name' }),
      expect.objectContaining({
        code: 'undefined-key',
        file: 'src/page.astro',
        line: 4,
        message: '"site.name" is used here but zh has no such key in home.json; it is in common.json: use that namespace',
      }),
    ]);
  });

  test('an allowance for a key zh does not have, and a guide translated under another file name, are warnings', () => {
    const root = project({
      'locales/zh/common.json': { a: '甲' },
      'locales/same-as-source.json': { ja: ['common:a', 'common:gone', 'a'] },
      'src/content/guides/zh/masks.md': '---\ntitle: 口罩\n---\n',
      'src/content/guides/es/mask.md': '---\ntitle: Mascarillas\n---\n',
      'src/a.ts': "t('a');",
    });
    expect(check(root).issues.map((i) => [i.severity, i.code, i.file, i.key])).toEqual([
      ['warning', 'stale-allowance', 'locales/same-as-source.json', 'common:gone'],
      ['warning', 'stale-allowance', 'locales/same-as-source.json', 'a'],
      ['warning', 'orphan-translation', 'src/content/guides/es/mask.md', undefined],
    ]);
  });

  test('a key nested in another text with $t() counts as used', () => {
    const root = project({
      'locales/zh/common.json': { 'site.name': '同心战疫', 'footer.source': '$t(site.name) 是开源项目' },
      'src/a.ts': "t('footer.source');",
    });
    expect(check(root).issues).toEqual([]);
  });

  test('a template key that matches nothing in zh is reported with its pattern', () => {
    const root = project({
      'locales/zh/common.json': { 'offer.guides.title': '指南' },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: this string is source code with template literals in it
      'src/a.ts': 'export const f = (k: string) => t(`offer.${k}.titel`) + t(`offer.${k}.title`);',
    });
    expect(check(root).issues).toEqual([
      expect.objectContaining({
        code: 'undefined-key',
        key: 'offer.….titel',
        line: 1,
        column: 35,
        message:
          '"offer.….titel" is used here (… is built by the code) but no zh key in common.json matches it: add it to locales/zh/common.json first',
      }),
    ]);
  });
});

describe('i18n:check with a namespace limited to some locales (locales/namespace-locales.json)', () => {
  /** zh, en and es share common; staff is for zh and en only, and the code uses its keys. */
  const limited = (files: Record<string, unknown> = {}) =>
    project({
      'locales/zh/common.json': { 'nav.guides': '防护指南' },
      'locales/en/common.json': { 'nav.guides': 'Guides' },
      'locales/es/common.json': { 'nav.guides': 'Guías' },
      'locales/zh/staff.json': { 'signIn.title': '登录', 'list.count_other': '{{count}} 条', 'list.owner': '负责人：{{name}}' },
      'locales/en/staff.json': {
        'signIn.title': 'Sign in',
        'list.count_one': 'one offer',
        'list.count_other': '{{count}} offers',
        'list.owner': 'Handled by {{name}}',
      },
      'locales/namespace-locales.json': { staff: ['zh', 'en'] },
      'src/pages/index.astro': "---\nconst t = useTranslations(locale);\n---\n<a>{t('nav.guides')}</a>",
      'src/pages/staff.astro':
        "---\nconst t = useTranslations(locale, 'staff');\n---\n<h1>{t('signIn.title')}</h1><p>{t('list.count', { count })} {t('list.owner', { name })}</p>",
      ...files,
    });
  const configured = ['zh', 'en', 'es'];

  test('present in exactly the listed locales, it has no findings, and the summary shows it is not in es', () => {
    const result = check(limited(), configured);
    expect(result.issues).toEqual([]);
    expect(result.namespaceLocales).toEqual({ staff: ['zh', 'en'] });
    const report = formatReport(result);
    expect(report).toMatch(/^staff +ok +ok +—$/m);
    expect(report).toContain('— not translated into that locale (locales/namespace-locales.json)');
  });

  test('a file in a locale the list leaves out is an error, and its contents are not compared', () => {
    const root = limited({ 'locales/es/staff.json': { 'signIn.title': 'Entrar', 'typo.key': 'x' } });
    expect(check(root, configured).issues).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'out-of-scope-file',
        file: 'locales/es/staff.json',
        locale: 'es',
        namespace: 'staff',
        message:
          'locales/namespace-locales.json limits staff to zh, en: delete this file, or add "es" to that list if staff is to be translated into it',
      }),
    ]);
  });

  test('a file missing from a listed locale is an error, as for any namespace', () => {
    const root = limited();
    rmSync(path.join(root, 'locales/en/staff.json'));
    expect(check(root, configured).issues.map((i) => [i.severity, i.code, i.file])).toEqual([
      ['error', 'missing-file', 'locales/en/staff.json'],
    ]);
  });

  test('in the locales it has, placeholders, plural forms, identical texts and key usage are checked as usual', () => {
    const root = limited({
      'locales/en/staff.json': { 'signIn.title': '登录', 'list.count_other': '{{count}} offers', 'list.owner': 'Handled by {{nombre}}' },
      'src/pages/staff.astro':
        "---\nconst t = useTranslations(locale, 'staff');\n---\n<h1>{t('signIn.title')}</h1><p>{t('list.count', { count })}</p>",
    });
    expect(check(root, configured).issues.map((i) => [i.severity, i.code, i.file, i.key])).toEqual([
      ['error', 'missing-plural-form', 'locales/en/staff.json', 'list.count_one'],
      ['warning', 'same-as-source', 'locales/en/staff.json', 'signIn.title'],
      ['error', 'placeholder-mismatch', 'locales/en/staff.json', 'list.owner'],
      ['error', 'unused-key', 'locales/zh/staff.json', 'list.owner'],
    ]);
  });

  test('an unknown locale, a list without zh, an unknown namespace and a list that is not one are errors at their line', () => {
    const root = limited({
      'locales/namespace-locales.json': {
        _comment: 'staff: zh and en only',
        staff: ['zh', 'en', 'fr'],
        common: ['en', 'es'],
        staf: ['zh', 'en'],
        home: 'zh, en',
      },
    });
    const issues = check(root, configured).issues.filter((i) => i.file === 'locales/namespace-locales.json');
    expect(issues.map((i) => [i.severity, i.code, i.line, i.message])).toEqual([
      ['error', 'invalid-namespace-locales', 3, '"staff" lists "fr", which is not a locale here (zh, en, es): a typo?'],
      [
        'error',
        'invalid-namespace-locales',
        8,
        '"common" must list zh: the source language has every namespace, and the others are checked against it',
      ],
      [
        'error',
        'invalid-namespace-locales',
        12,
        '"staf" is not a namespace: locales/zh/ has no staf.json. A typo, or a namespace since removed: correct or delete this line',
      ],
      ['error', 'invalid-namespace-locales', 16, '"home" must be a list of locale codes, like ["zh", "en"]'],
    ]);
  });

  test('a list that is not valid JSON is reported with its file, line and column', () => {
    const root = limited({ 'locales/namespace-locales.json': '{\n  "staff": ["zh", "en"]\n  "other": ["zh"]\n}\n' });
    expect(check(root, configured).issues).toEqual([
      // Unreadable, the list limits nothing: every locale is asked for staff again.
      expect.objectContaining({ code: 'missing-file', file: 'locales/es/staff.json' }),
      expect.objectContaining({ severity: 'error', code: 'invalid-json', file: 'locales/namespace-locales.json', line: 3, column: 3 }),
    ]);
  });
});
