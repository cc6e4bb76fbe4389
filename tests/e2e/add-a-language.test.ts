import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readNamespaceLocales } from '../../tooling/i18n/locale-project';

/**
 * Adding a language is configuration plus files (CONTRIBUTING-TRANSLATIONS.md, "Adding a
 * language"): a copy of the project gets German as an entry in src/i18n/config.ts and a
 * locales/de/ folder, and nothing else. It must build, have its own home page, and appear
 * in every other page's switcher and hreflang. (Traditional Chinese, the fifth language,
 * was added this way; German is the sixth.)
 */
const run = promisify(execFile);
const project = path.resolve('.');
const skip = new Set(['node_modules', '.git', 'dist', 'dist-node', '.vercel', '.astro', '.data', 'test-results', 'coverage']);
let copy: string;
const untranslated = 'two-donation-appeals';

const entry = `  de: {
    htmlLang: 'de',
    endonym: 'Deutsch',
    ogLocale: 'de_DE',
    intl: 'de-DE',
    matches: ['de'],
    fallback: ['en', 'zh'],
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
  // 2. The files: the interface strings (here the English text stands in for a translation)
  //    and one guide; the others are not translated yet.
  cpSync(path.join(copy, 'locales/en'), path.join(copy, 'locales/de'), { recursive: true });
  //    Less the namespaces meant for other languages only (locales/namespace-locales.json).
  for (const [ns, listed] of readNamespaceLocales(copy).limited) {
    if (!listed.includes('de')) rmSync(path.join(copy, `locales/de/${ns}.json`), { force: true });
  }
  cpSync(path.join(copy, 'src/content/guides/en/masks.md'), path.join(copy, 'src/content/guides/de/masks.md'));
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

describe('a sixth language added by configuration and files only', () => {
  test('gets its own home page in its own language', () => {
    const html = page('de');
    expect(html).toMatch(/<html lang="de"/);
    expect(html).toContain('<link rel="canonical" href="https://tongxin.example/de/"');
  });

  test.each(['zh', 'en', 'es', 'ja', 'zh-Hant'])('is listed in the switcher and hreflang of the %s home page', (locale) => {
    const html = page(locale);
    expect(html).toContain('<link rel="alternate" hreflang="de" href="https://tongxin.example/de/"');
    expect(html).toMatch(/<a href="\/api\/locale\/de\?next=%2Fde%2F" hreflang="de" lang="de"[^>]*>\s*Deutsch/);
  });

  test('a guide translated into it is a page in its language; the others fall back to the Chinese', () => {
    const translated = page('de', 'guides/masks');
    expect(translated).toMatch(/<html lang="de"/);
    expect(translated).toContain('hreflang="de" href="https://tongxin.example/de/guides/masks/"');
    const fallback = page('de', 'guides/hand-hygiene');
    expect(fallback).toMatch(/<article[^>]* lang="zh-Hans"/);
    expect(fallback).not.toContain('hreflang="de"');
    expect(page('en', 'guides/masks')).toContain('hreflang="de" href="https://tongxin.example/de/guides/masks/"');
  });

  test('gets a translation status page, and the other languages’ status pages list it', () => {
    expect(existsSync(path.join(copy, 'dist-node/client/de/translation-status/index.html'))).toBe(true);
    expect(readFileSync(path.join(copy, 'dist-node/client/en/translation-status/index.html'), 'utf8')).toContain('Deutsch');
  });

  test('is checked by i18n:check and counted by i18n:status with no code change', async () => {
    const check = await run(process.execPath, [path.join(project, 'scripts/i18n-check.ts'), copy]);
    expect(check.stdout).toMatch(/^namespace +zh +en +es +ja +zh-Hant +de$/m);
    // The stand-in text is the English itself, which passes every check.
    expect(check.stdout).toMatch(/✖ 0 errors|⚠ 0 errors|✔ no problems/);
    const { stdout } = await run(process.execPath, [path.join(project, 'scripts/i18n-status.ts'), copy, '--json']);
    const status = JSON.parse(stdout) as { locales: { locale: string; interface: { percent: number } }[] };
    expect(status.locales.find((l) => l.locale === 'de')?.interface.percent).toBe(100);
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
    expect(hreflangs).toEqual(['en', 'ja', 'x-default', 'zh-Hans', 'zh-Hant']);
    // The switcher says which languages lack a translation.
    expect(html).toContain('aún sin traducir');
  });

  test('is not in the sitemap in that language, and is in the others', () => {
    const xml = readFileSync(path.join(copy, 'dist-node/client/sitemap.xml'), 'utf8');
    expect(xml).not.toContain(`/es/stories/${untranslated}/</loc>`);
    expect(xml).toContain(`/en/stories/${untranslated}/</loc>`);
  });
});
