import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { type ConvertedLocale, conversionIssues, planConversion, writeConversion } from '../../tooling/i18n/converted-locale';
import { checkTranslations } from '../../tooling/i18n/i18n-check';
import type { Issue } from '../../tooling/i18n/locale-compare';
import { story, tempProjects } from '../helpers/i18n-project';

/**
 * zh-Hant is made from zh by OpenCC (npm run i18n:hant) and held to it by npm run
 * i18n:check: a file older than its source, an override that matches nothing, a hand edit
 * the next run would undo. Git keeps no file times, so each file records hashes.
 */
const project = tempProjects();
const hant: ConvertedLocale = { locale: 'zh-Hant', from: 'zh', opencc: { from: 'cn', to: 'twp' } };
const overrides = (...entries: object[]) => ({ overrides: entries });

const guide = (body: string) =>
  `---\ntitle: "软件和网络"\nsummary: "信息"\naudience: [everyone]\ntopics: [masks]\nreview:\n  facts: { by: "公共卫生志愿编辑", on: 2026-12-02 }\n  language: { by: "中文审读编辑", on: 2026-12-03 }\norder: 1\nsources:\n- title: "来源"\n  publisher: "出版者"\n  url: "https://example.org/来源"\n  accessed: 2026-12-02\npendingTranslations: [ja]\n---\n\n${body}\n`;

function generated(files: Record<string, unknown>) {
  const root = project({ 'locales/zh-Hant.overrides.json': overrides(), ...files });
  writeConversion(root, planConversion(root, hant));
  return root;
}
const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8');
const edit = (root: string, file: string, change: (text: string) => string) =>
  writeFileSync(path.join(root, file), change(read(root, file)));
const issuesOf = (root: string) => conversionIssues(planConversion(root, hant));
const codes = (issues: Issue[]) => issues.map((i) => `${i.code} ${i.file}`);

describe('npm run i18n:hant', () => {
  test('converts strings with Taiwan’s words and corner quotes, leaving keys, placeholders and addresses alone', () => {
    const root = generated({
      'locales/zh/common.json': {
        'a.software': '软件和网络信息',
        'a.quote': '侨海抗“疫”',
        'a.count': '共 {{count}} 条信息',
        'a.url': '见 https://例子.cn/信息',
      },
    });
    const out = JSON.parse(read(root, 'locales/zh-Hant/common.json')) as Record<string, string>;
    expect(out['a.software']).toBe('軟體和網路資訊');
    expect(out['a.quote']).toBe('僑海抗「疫」');
    expect(out['a.count']).toBe('共 {{count}} 條資訊');
    expect(out['a.url']).toBe('見 https://例子.cn/信息');
    expect(out._generated).toMatch(
      /^made by npm run i18n:hant from locales\/zh\/common\.json with opencc-js [\d.]+ cn→twp \(source [0-9a-f]{16}, overrides none\)/,
    );
  });

  test('converts a guide: text and titles, links to its own pages, and drops the Chinese bookkeeping', () => {
    const root = generated({ 'src/content/guides/zh/masks.md': guide('看[急救电话](/zh/emergency/)和 `软件` [[1]](#source-1)') });
    const text = read(root, 'src/content/guides/zh-Hant/masks.md');
    expect(text).toMatch(
      /^---\ngenerated:\n {2}from: zh\n {2}tool: opencc-js [\d.]+ cn→twp\n {2}source: [0-9a-f]{16}\n {2}overrides: none\n {2}reviewed: false\ntitle: "軟體和網路"\n/,
    );
    expect(text).toContain('看[急救電話](/zh-Hant/emergency/)和 `软件` [[1]](#source-1)');
    expect(text).toContain('url: "https://example.org/来源"');
    expect(text).toContain('facts: {by: "公共衛生志願編輯", on: 2026-12-02}');
    // Who read the Chinese did not read this; which translations zh still awaits is zh's business.
    expect(text).not.toContain('language:');
    expect(text).not.toContain('pendingTranslations');
  });

  test('picks up a namespace and a collection it has never seen, with no code for them', () => {
    const root = generated({
      'locales/zh/phrases.json': { 'card.help': '请帮帮我' },
      'src/content/recipes/zh/soup.md': story('汤', '鸡汤'),
    });
    expect(JSON.parse(read(root, 'locales/zh-Hant/phrases.json'))['card.help']).toBe('請幫幫我');
    expect(read(root, 'src/content/recipes/zh-Hant/soup.md')).toContain('雞湯');
    expect(issuesOf(root)).toEqual([]);
  });

  test('leaves out namespaces meant for other locales only', () => {
    const root = generated({
      'locales/namespace-locales.json': { staff: ['zh', 'en'] },
      'locales/zh/staff.json': { 'a.b': '审核' },
      'locales/zh/common.json': { 'a.b': '审核' },
    });
    const plan = planConversion(root, hant, new Map([['staff', ['zh', 'en']]]));
    expect(plan.files.map((f) => f.target)).toEqual(['locales/zh-Hant/common.json']);
  });

  test('applies overrides in order, only in the files they name, and records which applied', () => {
    const root = generated({
      'locales/zh/common.json': { 'a.b': '正在审核', 'a.c': '项目' },
      'locales/zh/donate.json': { 'a.b': '正在审核', 'a.c': '项目' },
      'locales/zh-Hant.overrides.json': overrides(
        { find: '稽核', replace: '審核', why: 'reviewing an offer is 審核' },
        { find: '專案', replace: '項目', why: 'a form field is a 項目', files: ['locales/zh-Hant/donate.json'] },
      ),
    });
    expect(JSON.parse(read(root, 'locales/zh-Hant/common.json'))).toMatchObject({ 'a.b': '正在審核', 'a.c': '專案' });
    expect(JSON.parse(read(root, 'locales/zh-Hant/donate.json'))).toMatchObject({ 'a.b': '正在審核', 'a.c': '項目' });
    const origin = (file: string) => /overrides ([0-9a-f]+|none)/.exec(JSON.parse(read(root, file))._generated)?.[1];
    expect(origin('locales/zh-Hant/common.json')).not.toBe(origin('locales/zh-Hant/donate.json'));
    expect(issuesOf(root)).toEqual([]);
  });

  test('a second run changes nothing, and a file people translated is left alone', () => {
    const root = generated({ 'locales/zh/common.json': { 'a.b': '信息' }, 'locales/zh/about.json': { 'a.b': '信息' } });
    writeFileSync(path.join(root, 'locales/zh-Hant/about.json'), '{ "a.b": "資訊（人工翻譯）" }\n');
    const report = writeConversion(root, planConversion(root, hant));
    expect(report).toEqual({ written: [], unchanged: ['locales/zh-Hant/common.json'], kept: ['locales/zh-Hant/about.json'], removed: [] });
    expect(issuesOf(root)).toEqual([]);
  });

  test('deletes a generated file whose source is gone', () => {
    const root = generated({ 'locales/zh/common.json': { 'a.b': '信息' }, 'src/content/stories/zh/old.md': story('旧', '旧') });
    rmSync(path.join(root, 'src/content/stories/zh/old.md'));
    expect(codes(issuesOf(root))).toEqual(['converted-orphan src/content/stories/zh-Hant/old.md']);
    expect(writeConversion(root, planConversion(root, hant)).removed).toEqual(['src/content/stories/zh-Hant/old.md']);
    expect(existsSync(path.join(root, 'src/content/stories/zh-Hant/old.md'))).toBe(false);
  });
});

describe('a reviewer’s mark (generated.reviewed)', () => {
  const reviewed = (text: string) => text.replace('  reviewed: false', '  reviewed:\n    by: "繁體中文審讀"\n    on: 2026-12-10');

  test('holds while the text is what was reviewed, even when the tool that made it changes', () => {
    const root = generated({ 'src/content/stories/zh/a.md': story('标题', '正文') });
    edit(root, 'src/content/stories/zh-Hant/a.md', reviewed);
    expect(issuesOf(root)).toEqual([]);
    edit(root, 'src/content/stories/zh-Hant/a.md', (t) => t.replace(/tool: .*/, 'tool: opencc-js 0.0.1 cn→twp'));
    expect(codes(issuesOf(root))).toEqual(['converted-stale src/content/stories/zh-Hant/a.md']);
    writeConversion(root, planConversion(root, hant));
    expect(read(root, 'src/content/stories/zh-Hant/a.md')).toContain('  reviewed:\n    by: "繁體中文審讀"\n    on: 2026-12-10\n');
  });

  test('goes when the Chinese changes the text, so the notice comes back', () => {
    const root = generated({ 'src/content/stories/zh/a.md': story('标题', '正文') });
    edit(root, 'src/content/stories/zh-Hant/a.md', reviewed);
    edit(root, 'src/content/stories/zh/a.md', (t) => t.replace('正文', '新的正文'));
    writeConversion(root, planConversion(root, hant));
    expect(read(root, 'src/content/stories/zh-Hant/a.md')).toContain('  reviewed: false\n');
  });

  test('in another shape is an error that says what to write', () => {
    const root = generated({ 'src/content/stories/zh/a.md': story('标题', '正文') });
    edit(root, 'src/content/stories/zh-Hant/a.md', (t) => t.replace('  reviewed: false', '  reviewed: yes'));
    expect(issuesOf(root)).toEqual([
      expect.objectContaining({ code: 'invalid-generated', message: expect.stringContaining('reviewed must be false, or { by:') }),
    ]);
  });
});

describe('npm run i18n:check on a converted locale', () => {
  const fresh = () =>
    generated({
      'locales/zh/common.json': { 'a.b': '正在审核' },
      'src/content/stories/zh/a.md': story('标题', '正文'),
      'locales/zh-Hant.overrides.json': overrides({ find: '稽核', replace: '審核', why: 'reviewing an offer is 審核' }),
    });

  test('is content with files just made', () => {
    expect(issuesOf(fresh())).toEqual([]);
  });

  test('fails when a Chinese file changed after its zh-Hant file was made, naming the source', () => {
    const root = fresh();
    edit(root, 'locales/zh/common.json', (t) => t.replace('正在审核', '正在审核中'));
    edit(root, 'src/content/stories/zh/a.md', (t) => t.replace('正文', '新的正文'));
    expect(issuesOf(root)).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'converted-stale',
        file: 'locales/zh-Hant/common.json',
        message: 'out of date: locales/zh/common.json changed after this file was made from it. run npm run i18n:hant',
      }),
      expect.objectContaining({ code: 'converted-stale', file: 'src/content/stories/zh-Hant/a.md' }),
    ]);
  });

  test('fails when an override that applies to a file changed, and not for the files it does not touch', () => {
    const root = fresh();
    edit(root, 'locales/zh-Hant.overrides.json', (t) => t.replace('"審核"', '"審查"'));
    expect(issuesOf(root)).toEqual([
      expect.objectContaining({
        code: 'converted-stale',
        file: 'locales/zh-Hant/common.json',
        message: expect.stringContaining('the overrides that apply to it (locales/zh-Hant.overrides.json) changed'),
      }),
    ]);
  });

  test('fails when a new override would change a file that was made without it', () => {
    const root = fresh();
    edit(root, 'locales/zh-Hant.overrides.json', (t) =>
      t.replace('"overrides": [', '"overrides": [\n    { "find": "標題", "replace": "題目", "why": "a test of a new correction" },'),
    );
    expect(codes(issuesOf(root))).toEqual(['converted-stale src/content/stories/zh-Hant/a.md']);
  });

  test('fails on an override that no longer matches anything, with its line', () => {
    const root = fresh();
    edit(root, 'locales/zh/common.json', (t) => t.replace('正在审核', '已收到'));
    writeConversion(root, planConversion(root, hant));
    expect(issuesOf(root)).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'unused-override',
        file: 'locales/zh-Hant.overrides.json',
        line: 4,
        message: expect.stringContaining('override 1 ("稽核" → "審核") no longer matches anything the conversion writes'),
      }),
    ]);
  });

  test('fails on a hand edit the next run would undo', () => {
    const root = fresh();
    edit(root, 'locales/zh-Hant/common.json', (t) => t.replace('正在審核', '審核中'));
    edit(root, 'src/content/stories/zh-Hant/a.md', (t) => t.replace('正文', '內文'));
    expect(codes(issuesOf(root))).toEqual([
      'converted-edited locales/zh-Hant/common.json',
      'converted-edited src/content/stories/zh-Hant/a.md',
    ]);
  });

  test('fails when a Chinese file has no zh-Hant file yet', () => {
    const root = fresh();
    writeFileSync(path.join(root, 'locales/zh/donate.json'), '{ "a.b": "捐赠" }\n');
    expect(codes(issuesOf(root))).toEqual(['converted-missing locales/zh-Hant/donate.json']);
  });

  test('fails on an override without a reason or naming a file that is not made', () => {
    const root = fresh();
    edit(root, 'locales/zh-Hant.overrides.json', (t) =>
      t.replace(
        '"overrides": [',
        '"overrides": [\n    { "find": "甲", "replace": "乙" },\n    { "find": "丙", "replace": "丁", "why": "a reason long enough", "files": ["locales/zh-Hant/nope.json"] },',
      ),
    );
    const issues = issuesOf(root).filter((i) => i.code === 'invalid-overrides');
    expect(issues.map((i) => i.message)).toEqual([
      'override 1: "why" must say in a sentence why the conversion is wrong here',
      'override 2 ("丙") names locales/zh-Hant/nope.json, which is not a file made for zh-Hant',
    ]);
  });

  test('runs inside i18n:check, where a converted file’s unchanged texts are no "same as zh" warnings', () => {
    const root = fresh();
    edit(root, 'locales/zh/common.json', () => '{ "a.b": "正在审核", "a.same": "中文" }\n');
    const check = () => checkTranslations({ root, sourceLocale: 'zh', converted: [hant], sourceDirs: [] }).issues;
    expect(check().map((i) => `${i.code} ${i.file}`)).toEqual([
      'converted-stale locales/zh-Hant/common.json',
      'missing-key locales/zh-Hant/common.json',
    ]);
    writeConversion(root, planConversion(root, hant));
    // "中文" is the same in both scripts: right as it is, and no warning.
    expect(JSON.parse(read(root, 'locales/zh-Hant/common.json'))['a.same']).toBe('中文');
    expect(check()).toEqual([]);
  });

  // Two runs of real commands (tsx, opencc-js): seconds each on a busy machine.
  test('the command exits 1 while a zh-Hant file is stale, and 0 once npm run i18n:hant has run', { timeout: 60_000 }, async () => {
    const root = fresh();
    // The project's own locale configuration, which marks zh-Hant as converted from zh.
    mkdirSync(path.join(root, 'src/i18n'), { recursive: true });
    cpSync('src/i18n/config.ts', path.join(root, 'src/i18n/config.ts'));
    edit(root, 'locales/zh/common.json', (t) => t.replace('正在审核', '正在审核中'));
    const hantCheck = (args: string[]) => promisify(execFile)(process.execPath, [path.resolve('scripts/i18n-hant.ts'), root, ...args]);
    await expect(hantCheck(['--check'])).rejects.toMatchObject({ code: 1 });
    await hantCheck([]);
    await expect(hantCheck(['--check'])).resolves.toMatchObject({ stdout: expect.stringContaining('every file is up to date') });
  });
});
