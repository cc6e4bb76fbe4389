import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { convertedFrom, localeConfig, locales } from '../../src/i18n/config';
import { readContentFiles } from '../helpers/content-files';
import { axeViolations, launchBrowser, openPage, screenshot } from './browser';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const open = (path: string, options: { javaScriptEnabled?: boolean } = {}) => openPage(browser, `${baseURL}${path}`, options);

// A converted locale (zh-Hant) fills these same templates with converted text: its own
// pages, notice and axe run are in tests/e2e/traditional-chinese.test.ts.
describe.each(locales.filter((l) => !convertedFrom(l)))('reading pages in %s', (lng) => {
  test.each([
    [`/${lng}/guides/`, 'guide index'],
    [`/${lng}/guides/masks/`, 'guide'],
    [`/${lng}/stories/`, 'story index'],
    [`/${lng}/stories/argentina-150000-masks/`, 'story'],
  ])('%s (%s) is in the right language, loads no script and passes axe', async (path, kind) => {
    const { context, page, response, errors, scripts } = await open(path);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe(localeConfig[lng].htmlLang);
    expect(await page.locator('h1').count()).toBe(1);
    expect(scripts).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    if (kind === 'guide' || kind === 'story') await screenshot(page, `${kind}-${lng}`);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a guide page', () => {
  test('has a table of contents, who reviewed it and when, numbered sources, related guides, a QR code and JSON-LD', async () => {
    const { context, page } = await open('/en/guides/masks/');
    const tocLinks = await page.locator('nav.toc a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(tocLinks.length).toBeGreaterThan(3);
    for (const href of tocLinks) expect(await page.locator(`[id="${(href as string).slice(1)}"]`).count(), href ?? '').toBe(1);
    // The dates and reviewers are the file's own, not one stamp for every guide.
    const review = readContentFiles().find((f) => f.collection === 'guides' && f.locale === 'en' && f.slug === 'masks')?.data.review as {
      facts: { by: string; on: string };
      language: { by: string; on: string };
    };
    const long = (d: string) =>
      new Date(d).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    const meta = await page.textContent('.meta');
    expect(meta).toContain(`Health facts checked against the sources by ${review.facts.by} on ${long(review.facts.on)}`);
    expect(meta).toContain(`Language checked by ${review.language.by} on ${long(review.language.on)}`);
    expect(await page.locator('#source-1 a[href^="https://"]').count()).toBe(1);
    expect(await page.locator('.related .card').count()).toBeGreaterThan(0);
    expect(await page.locator('.qr svg path').getAttribute('d')).toMatch(/^M/);
    expect(await page.inputValue('#share-url')).toMatch(/\/en\/guides\/masks\/$/);
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
    expect(ld).toMatchObject({ '@type': 'MedicalWebPage', lastReviewed: String(review.facts.on).slice(0, 10), inLanguage: 'en' });
    expect(await page.textContent('.disclaimer')).toContain('does not replace');
    await context.close();
  });

  test('prints without navigation, share block or table of contents', async () => {
    const { context, page } = await open('/zh/guides/hand-hygiene/');
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.site-header', '.share', '.toc', '.site-footer']) {
      expect(await page.locator(selector).first().isVisible(), selector).toBe(false);
    }
    expect(await page.locator('.disclaimer').isVisible()).toBe(true);
    await context.close();
  });

  test('filters by audience and topic without JavaScript', async () => {
    const { context, page } = await open('/es/guides/', { javaScriptEnabled: false });
    await page.getByRole('link', { name: 'Estudiantes en el extranjero' }).click();
    expect(new URL(page.url()).pathname).toBe('/es/guides/for/students_abroad/');
    const titles = await page.locator('.cards .card h2').allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.length).toBeLessThan(8);
    await page.getByRole('link', { name: 'Mascarillas' }).click();
    expect(await page.locator('.cards .card h2').allTextContents()).toEqual(['Mascarillas: cómo elegirlas y usarlas con seguridad']);
    await context.close();
  });

  test('an unknown guide is the localized 404', async () => {
    const res = await fetch(`${baseURL}/es/guides/no-such-guide/`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Página no encontrada');
  });
});

// An entry not yet translated is tested on a copy of the project (add-a-language.test.ts):
// every entry of the real content is translated.
describe('switching language', () => {
  test('switching language keeps the reader on the same story', async () => {
    const { context, page } = await open('/ja/stories/fuqing-sanitation-workers/');
    await page
      .getByRole('navigation', { name: '言語' })
      .getByRole('link', { name: /Español/ })
      .click();
    await page.waitForURL(`${baseURL}/es/stories/fuqing-sanitation-workers/`);
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    await context.close();
  });
});

describe('stories', () => {
  test('the list is grouped by series and paginated', async () => {
    const { context, page } = await open('/en/stories/');
    const first = await page.locator('main .card h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(await page.locator('main section h2').count()).toBeGreaterThan(0);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Next page' }).click();
    expect(new URL(page.url()).pathname).toBe('/en/stories/page/2/');
    const second = await page.locator('main .card h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((h) => first.includes(h))).toEqual([]);
    await context.close();
  });

  test('a series page lists only that series', async () => {
    const { context, page } = await open('/zh/stories/series/united/');
    expect(await page.textContent('h1')).toBe('同心抗“疫”');
    expect(await page.locator('.card').count()).toBeGreaterThanOrEqual(4);
    await context.close();
  });
});

describe('search', () => {
  test.each([
    ['zh', '口罩', '/zh/guides/masks/'],
    ['ja', 'マスク', '/ja/guides/masks/'],
    ['es', 'mascarilla', '/es/guides/masks/'],
    ['en', 'handwashing', '/en/guides/hand-hygiene/'],
  ])('in %s, “%s” finds %s', async (lng, query, expected) => {
    const { context, page, errors } = await open(`/${lng}/guides/`);
    await page.fill('#search-q', query);
    await page.press('#search-q', 'Enter');
    await page.waitForURL(/\/search\/\?q=/);
    await page.locator('#search-results li').first().waitFor();
    const hrefs = await page
      .locator('#search-results a')
      .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(hrefs).toContain(expected);
    expect(hrefs.every((h) => h.startsWith(`/${lng}/`))).toBe(true);
    expect(await page.textContent('#search-status')).not.toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('feeds and discovery', () => {
  test('each locale has an RSS feed of its stories', async () => {
    for (const lng of locales) {
      const res = await fetch(`${baseURL}/${lng}/rss.xml`);
      expect(res.headers.get('content-type')).toMatch(/xml/);
      const xml = await res.text();
      expect(xml).toContain(`<language>${localeConfig[lng].htmlLang}</language>`);
      expect(xml.match(/<item>/g)?.length ?? 0).toBeGreaterThanOrEqual(10);
    }
  });

  test('the sitemap lists pages with their hreflang alternates, and robots.txt points at it', async () => {
    const xml = await (await fetch(`${baseURL}/sitemap.xml`)).text();
    expect(xml).toContain('/en/guides/masks/</loc>');
    expect(xml).toMatch(/hreflang="ja" href="[^"]*\/ja\/guides\/masks\/"/);
    const robots = await (await fetch(`${baseURL}/robots.txt`)).text();
    expect(robots).toMatch(/Sitemap: .*\/sitemap\.xml/);
  });
});

describe('a story page', () => {
  test('names every country its source names, in the reader’s language', async () => {
    const { context, page } = await open('/en/stories/test-kits-to-argentina-and-japan/');
    expect(await page.locator('dl').first().textContent()).toContain('Argentina and Japan');
    await page.goto(`${baseURL}/es/stories/test-kits-to-argentina-and-japan/`);
    expect(await page.locator('dl').first().textContent()).toContain('Argentina y Japón');
    await context.close();
  });
});
