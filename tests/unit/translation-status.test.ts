import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { frontMatterTitle, historyNote, type TranslationStatus, translationStatus } from '../../tooling/i18n/translation-status';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function tempDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tx-i18n-status-'));
  temps.push(dir);
  return dir;
}

function write(root: string, file: string, content: string) {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), content);
}

const md = (title: string) => `---\ntitle: "${title}"\n---\n\nText.\n`;

/** Commits everything with a fixed date, so the history reads like a real one. */
function commit(root: string, date: string, message: string) {
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  execFileSync('git', ['-C', root, 'add', '-A'], { env });
  execFileSync('git', ['-C', root, '-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', 'commit', '-q', '-m', message], {
    env,
  });
}

const item = (status: TranslationStatus, locale: string, slug: string) =>
  status.locales.find((l) => l.locale === locale)?.content.items.find((i) => i.slug === slug);

let repo: string;

beforeAll(() => {
  repo = tempDir();
  execFileSync('git', ['-C', repo, 'init', '-q', '-b', 'main']);
  write(repo, 'locales/zh/common.json', JSON.stringify({ a: '甲', b: '乙', n_other: '{{count}} 个' }));
  write(repo, 'locales/en/common.json', JSON.stringify({ a: 'A', b: 'B', n_one: 'one', n_other: '{{count}}' }));
  write(repo, 'locales/es/common.json', JSON.stringify({ a: 'A', n_one: 'uno', n_other: '{{count}}' }));
  for (const slug of ['masks', 'hands', 'travel']) {
    write(repo, `src/content/guides/zh/${slug}.md`, md(`${slug} 指南`));
    write(repo, `src/content/guides/en/${slug}.md`, md(`${slug} guide`));
  }
  write(repo, 'src/content/guides/es/masks.md', md('Mascarillas'));
  write(repo, 'src/content/stories/zh/argentina.md', md('阿根廷'));
  commit(repo, '2026-01-10T10:00:00+00:00', 'first versions');
  write(repo, 'src/content/guides/zh/masks.md', `${md('masks 指南')}More.\n`);
  write(repo, 'locales/zh/common.json', JSON.stringify({ a: '甲（新）', b: '乙', n_other: '{{count}} 个' }));
  commit(repo, '2026-02-01T10:00:00+00:00', 'zh masks guide and string a revised');
  write(repo, 'src/content/guides/en/masks.md', `${md('masks guide')}More.\n`);
  write(repo, 'locales/en/common.json', JSON.stringify({ a: 'A (new)', b: 'B', n_one: 'one', n_other: '{{count}}' }));
  // Re-formatting a file changes no text: es "a" stays behind the Chinese.
  write(repo, 'locales/es/common.json', JSON.stringify({ a: 'A', n_one: 'uno', n_other: '{{count}}' }, null, 4));
  write(repo, 'src/content/guides/zh/travel.md', `${md('travel 指南')}New rule.\n`);
  commit(repo, '2026-03-01T10:00:00+00:00', 'en masks caught up; zh travel revised');
});

describe('translation status from git history', () => {
  test('a translation older than its source is outdated, with both dates; a newer one is complete', () => {
    const status = translationStatus({ root: repo, sourceLocale: 'zh', configured: ['zh', 'en', 'es', 'ja'] });
    expect(status.history).toEqual({ available: true, shallow: false, since: undefined });
    expect(item(status, 'en', 'masks')).toMatchObject({
      state: 'complete',
      source: { date: '2026-02-01T10:00:00+00:00' },
      translation: { date: '2026-03-01T10:00:00+00:00' },
    });
    expect(item(status, 'es', 'masks')).toMatchObject({
      state: 'outdated',
      title: 'masks 指南',
      source: { file: 'src/content/guides/zh/masks.md', date: '2026-02-01T10:00:00+00:00' },
      translation: { file: 'src/content/guides/es/masks.md', date: '2026-01-10T10:00:00+00:00', title: 'Mascarillas' },
    });
    expect(item(status, 'en', 'travel')?.state).toBe('outdated');
    expect(item(status, 'en', 'hands')?.state).toBe('complete');
    expect(item(status, 'es', 'hands')?.state).toBe('missing');
    expect(status.locales.find((l) => l.locale === 'ja')?.content).toMatchObject({ total: 4, missing: 4, complete: 0 });
    expect(status.collections).toEqual([
      { name: 'guides', count: 3 },
      { name: 'stories', count: 1 },
    ]);
  });

  test('interface coverage counts the plural forms each language needs', () => {
    const status = translationStatus({ root: repo, sourceLocale: 'zh', configured: ['zh', 'en', 'es', 'ja'] });
    const coverage = Object.fromEntries(status.locales.map((l) => [l.locale, l.interface]));
    // zh: a, b, n_other → en needs a, b, n_one, n_other; es needs a, b, n_one, n_many, n_other.
    expect(coverage.en).toMatchObject({ total: 4, translated: 4, percent: 100 });
    expect(coverage.es).toMatchObject({ total: 5, translated: 3, percent: 60 });
    expect(coverage.es?.namespaces[0]?.missing).toEqual(['b', 'n_many']);
    expect(coverage.ja).toMatchObject({ total: 3, translated: 0, percent: 0 });
  });

  test('an interface string whose Chinese text changed after its translation did is outdated', () => {
    const status = translationStatus({ root: repo, sourceLocale: 'zh', configured: ['zh', 'en', 'es', 'ja'] });
    const coverage = Object.fromEntries(status.locales.map((l) => [l.locale, l.interface]));
    expect(coverage.en).toMatchObject({ outdated: 0 });
    expect(coverage.es).toMatchObject({ outdated: 1 });
    expect(coverage.es?.namespaces[0]?.outdated).toEqual(['a']);
    // A text not there at all is missing, not outdated.
    expect(coverage.ja).toMatchObject({ outdated: 0 });
  });

  test('an edit not yet committed counts as the newest change', () => {
    const copy = tempDir();
    execFileSync('git', ['clone', '-q', repo, copy]);
    write(copy, 'src/content/guides/es/masks.md', `${md('Mascarillas')}Más.\n`);
    const status = translationStatus({ root: copy, sourceLocale: 'zh', configured: ['zh', 'es'] });
    expect(item(status, 'es', 'masks')).toMatchObject({ state: 'complete', translation: { uncommitted: true } });
  });

  test('in a shallow clone it says what it cannot know', () => {
    const shallow = tempDir();
    execFileSync('git', ['clone', '-q', '--depth', '2', `file://${repo}`, shallow]);
    const status = translationStatus({ root: shallow, sourceLocale: 'zh', configured: ['zh', 'en', 'es'] });
    expect(status.history).toEqual({ available: true, shallow: true, since: '2026-02-01T10:00:00+00:00' });
    // The last two commits are there; the older one looks as if it added every file.
    expect(item(status, 'en', 'travel')).toMatchObject({ state: 'outdated', translation: { beforeHistory: true } });
    expect(item(status, 'en', 'masks')).toMatchObject({ state: 'complete', source: { beforeHistory: true } });
    expect(item(status, 'es', 'masks')).toMatchObject({ state: 'unknown', source: { beforeHistory: true } });
    expect(item(status, 'en', 'hands')?.state).toBe('unknown');
    expect(historyNote(status.history)).toMatch(/^Shallow clone: history starts at 2026-02-01\./);
  });

  test('a namespace limited to some locales counts only for those', () => {
    const plain = tempDir();
    write(plain, 'locales/zh/common.json', '{"a": "甲"}');
    write(plain, 'locales/en/common.json', '{"a": "A"}');
    write(plain, 'locales/es/common.json', '{"a": "A"}');
    write(plain, 'locales/zh/staff.json', '{"s": "员工", "t": "登录"}');
    write(plain, 'locales/en/staff.json', '{"s": "Staff"}');
    write(plain, 'locales/namespace-locales.json', '{"staff": ["zh", "en"]}');
    const status = translationStatus({ root: plain, sourceLocale: 'zh', configured: ['zh', 'en', 'es'] });
    const coverage = Object.fromEntries(status.locales.map((l) => [l.locale, l.interface]));
    expect(coverage.es).toMatchObject({ total: 1, translated: 1, percent: 100 });
    expect(coverage.es?.namespaces.map((n) => n.namespace)).toEqual(['common']);
    expect(coverage.en).toMatchObject({ total: 3, translated: 2, percent: 66 });
    expect(coverage.en?.namespaces.find((n) => n.namespace === 'staff')?.missing).toEqual(['t']);
    expect(status.namespaceLocales).toEqual({ staff: ['zh', 'en'] });
  });

  test('without git it still counts what is missing', () => {
    const plain = tempDir();
    write(plain, 'locales/zh/common.json', '{"a": "甲"}');
    write(plain, 'src/content/guides/zh/masks.md', md('口罩'));
    write(plain, 'src/content/guides/en/masks.md', md('Masks'));
    const status = translationStatus({ root: plain, sourceLocale: 'zh', configured: ['zh', 'en', 'es'] });
    expect(status.history.available).toBe(false);
    expect(item(status, 'en', 'masks')?.state).toBe('unknown');
    expect(item(status, 'es', 'masks')?.state).toBe('missing');
    expect(historyNote(status.history)).toMatch(/^No git history here/);
  });
});

describe('npm run i18n:status', () => {
  test('prints a table per locale and the items to do, with dates', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/i18n-status.ts', repo]);
    expect(stdout).toContain('Interface strings');
    expect(stdout).toContain('\n  es      60 %      3/5      common: b, n_many  common: a\n');
    expect(stdout).toContain('\n  es      outdated  guides/masks       zh 2026-02-01   es 2026-01-10\n');
  });

  test('--json gives the same report for scripts', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/i18n-status.ts', repo, '--json']);
    const status = JSON.parse(stdout) as TranslationStatus;
    expect(status.locales.map((l) => l.locale)).toEqual(['en', 'es']);
    expect(item(status, 'es', 'masks')?.state).toBe('outdated');
  });
});

test('reads the title from front matter, quoted or not', () => {
  expect(frontMatterTitle('---\ntitle: "口罩：怎么选"\norder: 2\n---\n', 'x')).toBe('口罩：怎么选');
  expect(frontMatterTitle("---\n\ntitle: 'It''s fine'\n---\n", 'x')).toBe("It's fine");
  expect(frontMatterTitle('no front matter', 'slug')).toBe('slug');
});
