import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readNamespaceLocales } from '../../tooling/i18n/locale-project';

/**
 * Adding a language is configuration plus files (CONTRIBUTING-TRANSLATIONS.md, "Adding a
 * language"): a copy of the project gets Traditional Chinese as an entry in
 * src/i18n/config.ts and a locales/zh-Hant/ folder, and nothing else. It must build,
 * have its own home page, and appear in every other page's switcher and hreflang.
 */
const run = promisify(execFile);
const project = path.resolve('.');
const skip = new Set(['node_modules', '.git', 'dist', 'dist-node', '.vercel', '.astro', '.data', 'test-results', 'coverage']);
let copy: string;
const untranslated = 'two-donation-appeals';

const entry = `  'zh-Hant': {
    htmlLang: 'zh-Hant',
    endonym: '繁體中文',
    ogLocale: 'zh_TW',
    intl: 'zh-TW',
    matches: ['zh-hant', 'zh-tw', 'zh-hk', 'zh-mo'],
    fallback: ['zh', 'en'],
  },
`;

beforeAll(async () => {
  copy = mkdtempSync(path.join(tmpdir(), 'tx-add-language-'));
  cpSync(project, copy, { recursive: true, filter: (src) => !skip.has(path.basename(src)) || path.dirname(src) !== project });
  symlinkSync(path.join(project, 'node_modules'), path.join(copy, 'node_modules'), 'dir');

  // 1. The entry in the configuration.
  const configFile = path.join(copy, 'src/i18n/config.ts');
  const config = readFileSync(configFile, 'utf8');
  expect(config).toContain('} as const satisfies');
  writeFileSync(configFile, config.replace('} as const satisfies', `${entry}} as const satisfies`));
  // 2. The files: the interface strings (here the zh text stands in for a translation)
  //    and one guide; the others are not translated yet.
  cpSync(path.join(copy, 'locales/zh'), path.join(copy, 'locales/zh-Hant'), { recursive: true });
  //    Less the namespaces meant for other languages only (locales/namespace-locales.json).
  for (const [ns, listed] of readNamespaceLocales(copy).limited) {
    if (!listed.includes('zh-Hant')) rmSync(path.join(copy, `locales/zh-Hant/${ns}.json`), { force: true });
  }
  cpSync(path.join(copy, 'src/content/guides/zh/masks.md'), path.join(copy, 'src/content/guides/zh-Hant/masks.md'));
  // 3. A story not yet translated into Spanish: every entry of the real content is
  //    translated, so this copy is where a reader meets the Chinese fallback.
  rmSync(path.join(copy, `src/content/stories/es/${untranslated}.md`));

  await run(process.execPath, [path.join(copy, 'node_modules/astro/bin/astro.mjs'), 'build'], {
    cwd: copy,
    env: { ...process.env, ASTRO_ADAPTER: 'node', ASTRO_TELEMETRY_DISABLED: '1', SITE_URL: 'https://tongxin.example' },
    maxBuffer: 32 * 1024 * 1024,
  });
}, 300_000);

afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

const page = (locale: string, rest = '') => readFileSync(path.join(copy, 'dist-node/client', locale, rest, 'index.html'), 'utf8');

describe('a fifth language added by configuration and files only', () => {
  test('gets its own home page in its own language', () => {
    const html = page('zh-Hant');
    expect(html).toMatch(/<html lang="zh-Hant"/);
    expect(html).toContain('<link rel="canonical" href="https://tongxin.example/zh-Hant/"');
  });

  test.each(['zh', 'en', 'es', 'ja'])('is listed in the switcher and hreflang of the %s home page', (locale) => {
    const html = page(locale);
    expect(html).toContain('<link rel="alternate" hreflang="zh-Hant" href="https://tongxin.example/zh-Hant/"');
    expect(html).toMatch(/<a href="\/api\/locale\/zh-Hant\?next=%2Fzh-Hant%2F" hreflang="zh-Hant" lang="zh-Hant"[^>]*>\s*繁體中文/);
  });

  test('a guide translated into it is a page in its language; the others fall back to the Chinese', () => {
    const translated = page('zh-Hant', 'guides/masks');
    expect(translated).toMatch(/<html lang="zh-Hant"/);
    expect(translated).toContain('hreflang="zh-Hant" href="https://tongxin.example/zh-Hant/guides/masks/"');
    const fallback = page('zh-Hant', 'guides/hand-hygiene');
    expect(fallback).toMatch(/<article[^>]* lang="zh-Hans"/);
    expect(fallback).not.toContain('hreflang="zh-Hant"');
    expect(page('en', 'guides/masks')).toContain('hreflang="zh-Hant" href="https://tongxin.example/zh-Hant/guides/masks/"');
  });

  test('gets a translation status page, and the other languages’ status pages list it', () => {
    expect(existsSync(path.join(copy, 'dist-node/client/zh-Hant/translation-status/index.html'))).toBe(true);
    expect(readFileSync(path.join(copy, 'dist-node/client/en/translation-status/index.html'), 'utf8')).toContain('繁體中文');
  });

  test('is checked by i18n:check and counted by i18n:status with no code change', async () => {
    const check = await run(process.execPath, [path.join(project, 'scripts/i18n-check.ts'), copy]);
    expect(check.stdout).toMatch(/^namespace +zh +en +es +ja +zh-Hant$/m);
    // The stand-in text is the Chinese itself: warnings, not errors.
    expect(check.stdout).toMatch(/✖ 0 errors|⚠ 0 errors|✔ no problems/);
    const { stdout } = await run(process.execPath, [path.join(project, 'scripts/i18n-status.ts'), copy, '--json']);
    const status = JSON.parse(stdout) as { locales: { locale: string; interface: { percent: number } }[] };
    expect(status.locales.find((l) => l.locale === 'zh-Hant')?.interface.percent).toBe(100);
  });
});

describe('an entry not yet translated', () => {
  test('shows the Chinese text with a notice in the reader’s language, and claims no translation', () => {
    const html = page('es', `stories/${untranslated}`);
    const zhTitle = /^title: "?(.+?)"?$/m.exec(readFileSync(path.join(project, `src/content/stories/zh/${untranslated}.md`), 'utf8'))?.[1];
    expect(html).toMatch(/<html lang="es"/);
    expect(html).toMatch(/class="notice"[^>]*>[\s\S]{0,200}aún no está traducida al español/);
    expect(html).toMatch(/<article[^>]* lang="zh-Hans"/);
    expect(html).toContain(`>${zhTitle}</h1>`);
    const hreflangs = [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)"/g)].map((m) => m[1]).sort();
    expect(hreflangs).toEqual(['en', 'ja', 'x-default', 'zh-Hans']);
    // The switcher says which languages lack a translation.
    expect(html).toContain('aún sin traducir');
  });

  test('is not in the sitemap in that language, and is in the others', () => {
    const xml = readFileSync(path.join(copy, 'dist-node/client/sitemap.xml'), 'utf8');
    expect(xml).not.toContain(`/es/stories/${untranslated}/</loc>`);
    expect(xml).toContain(`/en/stories/${untranslated}/</loc>`);
  });
});
