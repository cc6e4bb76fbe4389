import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSatteriMarkdownProcessor } from '@astrojs/markdown-satteri';
import { describe, expect, test } from 'vitest';
import { defaultLocale, locales } from '../../src/i18n/config';
import { noRawHtml } from '../../src/integrations/no-raw-html';
import { guideSchema, storySchema } from '../../src/lib/content-schema';
import { type ContentFile, readContentFiles } from '../helpers/content-files';

const files = readContentFiles();
const guides = files.filter((f) => f.collection === 'guides');
const stories = files.filter((f) => f.collection === 'stories');
const rel = (file: string) => path.relative(process.cwd(), file);
/** The source-language entries every other language has too. */
const inEveryLanguage = (entries: ContentFile[]) =>
  entries.filter((e) => e.locale === defaultLocale && locales.every((l) => entries.some((x) => x.locale === l && x.slug === e.slug)));

describe('content front matter', () => {
  test.each(guides.map((g) => [rel(g.file), g] as const))('%s matches the guide schema', (_, g) => {
    const result = guideSchema.safeParse(g.data);
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });

  test.each(stories.map((s) => [rel(s.file), s] as const))('%s matches the story schema', (_, s) => {
    const result = storySchema.safeParse(s.data);
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
  });

  test('a missing field and a bad date are named by the schema', () => {
    const good = guides[0]?.data as Record<string, unknown>;
    const { title: _drop, ...withoutTitle } = good;
    const missing = guideSchema.safeParse(withoutTitle);
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((i) => i.path.join('.'))).toContain('title');
    const review = good.review as { facts: object; language: object };
    const badDate = guideSchema.safeParse({ ...good, review: { ...review, facts: { by: 'x', on: 'last Tuesday' } } });
    expect(badDate.error?.issues.map((i) => i.path.join('.'))).toContain('review.facts.on');
    const noLanguageReview = guideSchema.safeParse({ ...good, review: { facts: review.facts } });
    expect(noLanguageReview.error?.issues.map((i) => i.path.join('.'))).toContain('review.language');
    // A file made by a converter has its language review in generated.reviewed, false until someone reads it.
    const generated = { from: 'zh', tool: 'opencc-js 1.4.2 cn→twp', source: '0123456789abcdef', overrides: 'none', reviewed: false };
    expect(guideSchema.safeParse({ ...good, review: { facts: review.facts }, generated }).success).toBe(true);
    const badMark = guideSchema.safeParse({ ...good, review: { facts: review.facts }, generated: { ...generated, reviewed: 'yes' } });
    expect(badMark.error?.issues.map((i) => i.path.join('.'))).toContain('generated.reviewed');
    const unknown = storySchema.safeParse({ ...(stories[0]?.data as object), slug: 'x' });
    expect(unknown.success).toBe(false);
  });
});

describe('translations', () => {
  test.each(['guides', 'stories'])('every %s entry exists in every locale or is explicitly pending', (collection) => {
    const entries = files.filter((f) => f.collection === collection);
    const sources = entries.filter((f) => f.locale === defaultLocale);
    const problems: string[] = [];
    for (const source of sources) {
      const pending = (source.data.pendingTranslations as string[] | undefined) ?? [];
      for (const locale of locales.filter((l) => l !== defaultLocale)) {
        const present = entries.some((e) => e.locale === locale && e.slug === source.slug);
        if (!present && !pending.includes(locale))
          problems.push(`${collection}/${locale}/${source.slug}.md is missing and not marked pending`);
        if (present && pending.includes(locale))
          problems.push(`${collection}/${locale}/${source.slug}.md exists but zh still marks it pending`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('every translation has a Chinese source', () => {
    const orphans = files.filter(
      (f) =>
        f.locale !== defaultLocale && !files.some((s) => s.locale === defaultLocale && s.collection === f.collection && s.slug === f.slug),
    );
    expect(orphans.map((o) => rel(o.file))).toEqual([]);
  });

  test('a guide cites the same sources in every language', () => {
    for (const source of guides.filter((g) => g.locale === defaultLocale)) {
      const urls = (g: (typeof guides)[number]) => (g.data.sources as { url: string }[]).map((s) => s.url);
      for (const translation of guides.filter((g) => g.slug === source.slug && g.locale !== defaultLocale)) {
        expect(urls(translation), rel(translation.file)).toEqual(urls(source));
      }
    }
  });
});

describe('guides', () => {
  test('there are at least 8 guides and every one is in all four languages', () => {
    expect(inEveryLanguage(guides).length).toBeGreaterThanOrEqual(8);
  });

  test('every citation in a guide points at one of its sources, and every source is cited', () => {
    const problems: string[] = [];
    for (const g of guides) {
      const count = (g.data.sources as unknown[]).length;
      const cited = new Set([...g.body.matchAll(/\]\(#source-(\d+)\)/g)].map((m) => Number(m[1])));
      for (const n of cited) if (n < 1 || n > count) problems.push(`${rel(g.file)} cites source ${n} of ${count}`);
      for (let n = 1; n <= count; n++) if (!cited.has(n)) problems.push(`${rel(g.file)} never cites source ${n}`);
    }
    expect(problems).toEqual([]);
  });

  test('every guide is long enough to be useful (about 700 English words or the equivalent)', () => {
    const length = (g: (typeof guides)[number]) => {
      const text = g.body.replace(/\[\[\d+\]\]\(#source-\d+\)/g, '').replace(/^\|.*\|$/gm, '');
      return ['zh', 'zh-Hant', 'ja'].includes(g.locale)
        ? text.replace(/[\s\p{P}\w]/gu, '').length
        : text.split(/\s+/).filter(Boolean).length;
    };
    const minimum: Record<string, number> = { en: 650, es: 700, zh: 1100, 'zh-Hant': 1100, ja: 1500 };
    const short = guides.filter((g) => length(g) < (minimum[g.locale] ?? 0)).map((g) => `${rel(g.file)}: ${length(g)}`);
    expect(short).toEqual([]);
  });
});

describe('stories', () => {
  test('there are at least 10 stories in all four languages', () => {
    expect(inEveryLanguage(stories).length).toBeGreaterThanOrEqual(10);
  });

  test('the seed figures appear exactly as published', () => {
    const zh = (slug: string) => stories.find((s) => s.locale === 'zh' && s.slug === slug)?.body ?? '';
    const en = (slug: string) => stories.find((s) => s.locale === 'en' && s.slug === slug)?.body ?? '';
    expect(zh('argentina-150000-masks')).toContain('15万');
    expect(en('argentina-150000-masks')).toContain('150,000');
    expect(en('test-kits-to-argentina-and-japan')).toMatch(/4,800[\s\S]*5,000[\s\S]*4,500/);
    const totals = en('totals-as-of-31-march');
    for (const figure of [
      '300,000',
      '100,000',
      '2,500',
      '350,000',
      '3.746 million',
      '125,440,200',
      '14,799,600',
      '357,100',
      '2,950',
      '8.8',
    ]) {
      expect(totals, figure).toContain(figure);
    }
    expect(en('front-line-medical-members')).toMatch(/\b81\b[\s\S]*\b17\b/);
  });
});

describe('Markdown bodies (the check the build makes, src/integrations/no-raw-html.ts)', () => {
  const render = async (file: string) => {
    const processor = await createSatteriMarkdownProcessor({ mdastPlugins: [noRawHtml] });
    return processor.render(readFileSync(file, 'utf8'), { fileURL: pathToFileURL(file) });
  };

  test.each(files.map((f) => [rel(f.file), f.file] as const))('%s has no raw HTML and no script links', async (_, file) => {
    const { code } = await render(file);
    expect(code).not.toMatch(/<(script|iframe|object|style)\b|\son[a-z]+=|javascript:/i);
  });

  test('a story with raw HTML and a javascript: link is refused, naming the file and every line (tests/fixtures/raw-html-story)', async () => {
    const file = path.resolve('tests/fixtures/raw-html-story/src/content/stories/es/raw-html-story.md');
    const refused = await render(file).then(
      () => 'rendered',
      (err: Error) => err.message,
    );
    const where = rel(file);
    expect(refused).toContain(`${where}:14:10: raw HTML <img src="x" onerror=`);
    expect(refused).toContain(`${where}:16:1: raw HTML <!-- nota para traductores -->`);
    expect(refused).toContain(`${where}:18:1: raw HTML <div class="destacado">`);
    expect(refused).toContain(`${where}:22:17: a link to "javascript:"`);
  });

  test('links to the web, to mail, to a phone and within the site are fine', async () => {
    const { code } = await createSatteriMarkdownProcessor({ mdastPlugins: [noRawHtml] }).then((p) =>
      p.render('[a](https://who.int/) [b](mailto:x@example.org) [c](tel:+5491123456789) [d](/es/guides/) [e](#source-1) <https://x.org>'),
    );
    expect(code).toContain('href="https://who.int/"');
    expect(code).toContain('href="#source-1"');
  });
});
