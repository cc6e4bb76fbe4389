import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { parse } from 'yaml';
import { type Locale, localeConfig } from '../../src/i18n/config';
import { phrasePages, phraseReaders, phrasesFor } from '../../src/lib/phrase-pairs';
import { blankCount, type PhraseSet, phraseSetSchema } from '../../src/lib/phrase-sets';
import { expectPagePolicy } from '../helpers/page-policy';
import { axeViolations, launchBrowser, openPage, screenshot } from './browser';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** A small phone (360 px): the card is held up across a desk. */
const open = (pathname: string) =>
  openPage(browser, `${baseURL}${pathname}`, { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });

const set = (locale: Locale) =>
  phraseSetSchema.parse(parse(readFileSync(path.resolve(`src/data/phrases/${locale}.yaml`), 'utf8'))) as PhraseSet;
const phraseIds = (s: PhraseSet) => s.cards.flatMap((c) => Object.keys(c.phrases));
const notFound = (locale: Locale) =>
  (JSON.parse(readFileSync(path.resolve(`locales/${locale}/common.json`), 'utf8')) as Record<string, string>)['notFound.title'];

/** Pages in a PDF: its `/Type /Page` objects (not `/Type /Pages`, the tree that holds them). */
const pdfPages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;

async function lineLangs(page: Page, selector: string) {
  return [...new Set(await page.locator(selector).evaluateAll((ps) => ps.map((p) => p.getAttribute('lang'))))];
}

describe.each(phrasePages)('the phrase set /$reader/phrases/$shown/', ({ reader, shown }) => {
  const own = set(reader);
  const other = set(shown);
  const ownLang = localeConfig[reader].htmlLang;
  const shownLang = localeConfig[shown].htmlLang;

  test('shows every phrase, the other language large and the reader’s below, each line in its own language', async () => {
    const { context, page, response, errors, scripts } = await open(`/${reader}/phrases/${shown}/`);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe(ownLang);
    expect(await page.locator('h1').count()).toBe(1);
    expect(scripts).toEqual([]);

    // Every phrase id of the set, in the set's order, once.
    expect(await page.locator('[data-phrase]').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-phrase')))).toEqual(
      phraseIds(own),
    );
    expect(await lineLangs(page, '[data-phrase] .shown')).toEqual([shownLang]);
    expect(await lineLangs(page, '[data-phrase] .own')).toEqual([ownLang]);
    // The texts are the data's, blanks drawn as lines rather than underscores.
    const fever = page.locator('#p-fever');
    expect(await fever.locator('.shown').textContent()).toBe(other.cards.find((c) => c.id === 'fever')?.phrases.fever);
    expect(await fever.locator('.own').textContent()).toBe(own.cards.find((c) => c.id === 'fever')?.phrases.fever);
    const blanks = phraseIds(own).reduce((n, id) => n + blankCount(own.cards.find((c) => id in c.phrases)?.phrases[id] ?? ''), 0);
    expect(await page.locator('[data-phrase] .shown .blank').count()).toBe(blanks);
    expect(await page.locator('[data-phrase] .own .blank').count()).toBe(blanks);
    expect(await page.locator('main').textContent()).not.toContain('___');

    // One heading per card, with the card's name in the other language beside it.
    expect(await page.locator('.phrase-card h2').count()).toBe(own.cards.length);
    expect(await lineLangs(page, '.phrase-card h2 .card-shown-title')).toEqual([shownLang]);
    // The large line is large: at least 1.4 × the reader's line on a phone.
    const [big, small] = await page
      .locator('#p-ambulance')
      .evaluate((li) => ['.shown', '.own'].map((s) => Number.parseFloat(getComputedStyle(li.querySelector(s) as Element).fontSize)));
    expect((big as number) / (small as number)).toBeGreaterThanOrEqual(1.4);

    // Who checked both languages, and the sources.
    const review = await page.locator('.review').textContent();
    for (const s of [own, other]) expect(review).toContain(s.review.facts.by);
    expect(await page.locator('.sources li a[href^="https://"]').count()).toBe(own.sources.length);

    // hreflang: this page and the same pair from the other side, where the data has it.
    const alternates = await page.$$eval('link[rel="alternate"][hreflang]', (ls) =>
      Object.fromEntries(ls.map((l) => [l.getAttribute('hreflang'), new URL(l.getAttribute('href') ?? '').pathname])),
    );
    expect(alternates[ownLang]).toBe(`/${reader}/phrases/${shown}/`);
    if (phrasesFor(shown).includes(reader)) expect(alternates[shownLang]).toBe(`/${shown}/phrases/${reader}/`);
    expect(Object.keys(alternates).filter((h) => h !== 'x-default' && h !== ownLang && h !== shownLang)).toEqual([]);

    expect(errors).toEqual([]);
    await context.close();
  });

  test('passes axe on a phone', async () => {
    const { context, page } = await open(`/${reader}/phrases/${shown}/`);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  test('prints one card a sheet, on A4 and on Letter, without the site around it', async () => {
    const { context, page } = await open(`/${reader}/phrases/${shown}/`);
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.site-header', '.site-footer', 'h1', '.card-index', '.sources']) {
      expect(await page.locator(selector).first().isVisible(), selector).toBe(false);
    }
    expect(await page.locator('.card-foot').first().isVisible()).toBe(true);
    for (const format of ['A4', 'Letter'] as const) {
      expect(pdfPages(await page.pdf({ format })), format).toBe(own.cards.length);
    }
    await context.close();
  });
});

describe('phrase pages read well on a phone (screenshots in test-results/screenshots/)', () => {
  test.each([
    ['zh', 'es'],
    ['zh', 'ja'],
    ['es', 'zh'],
  ] as const)('/%s/phrases/%s/', async (reader, shown) => {
    const { context, page } = await open(`/${reader}/phrases/${shown}/`);
    // Nothing wider than the phone: no sideways scrolling to read a phrase.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, `phrases-${reader}-${shown}`);
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 703, height: 965 });
    await page
      .locator('#card-emergency')
      .screenshot({ path: path.resolve(`test-results/screenshots/phrases-${reader}-${shown}-print-emergency.png`) });
    await context.close();
  });
});

describe.each(phraseReaders)('the list of phrase sets in %s', (lng) => {
  test('links every set for this reader, in the order of the pair list, and passes axe', async () => {
    const { context, page, response, scripts } = await open(`/${lng}/phrases/`);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe(localeConfig[lng].htmlLang);
    expect(scripts).toEqual([]);
    const hrefs = await page.locator('.phrase-sets a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(phrasesFor(lng).map((shown) => `/${lng}/phrases/${shown}/`));
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('phrase pages that do not exist', () => {
  test.each([
    ['/es/phrases/ja/', 'es'],
    ['/ja/phrases/es/', 'ja'],
    ['/zh/phrases/xx/', 'zh'],
    ['/zh/phrases/zh/', 'zh'],
    ['/en/phrases/zh/extra/', 'en'],
    ['/xx/phrases/', 'zh'],
    ['/xx/phrases/zh/', 'zh'],
  ] as const)('%s is the localized 404', async (pathname, lng) => {
    const res = await fetch(`${baseURL}${pathname}`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toMatch(new RegExp(`<html lang="${localeConfig[lng].htmlLang}"`));
    expect(html).toContain(`<h1>${notFound(lng)}</h1>`);
  });
});

describe('finding the phrase cards', () => {
  test.each(phraseReaders)('in %s, the footer, the emergency page and the guides index link to them', async (lng) => {
    for (const pathname of [`/${lng}/`, `/${lng}/emergency/`, `/${lng}/guides/`]) {
      const html = await (await fetch(`${baseURL}${pathname}`)).text();
      expect(html, pathname).toContain(`href="/${lng}/phrases/"`);
    }
    // The header stays as it was.
    const home = await (await fetch(`${baseURL}/${lng}/`)).text();
    expect(/<nav class="wrap main-nav"[\s\S]*?<\/nav>/.exec(home)?.[0]).not.toContain('/phrases/');
  });

  test('the language switcher leads to the same pair from the other side, else to that language’s list', async () => {
    const html = await (await fetch(`${baseURL}/zh/phrases/es/`)).text();
    const next = (l: string) => decodeURIComponent(new RegExp(`/api/locale/${l}\\?next=([^"]+)"`).exec(html)?.[1] ?? '');
    expect(next('es')).toBe('/es/phrases/zh/');
    expect(next('ja')).toBe('/ja/phrases/');
    expect(next('en')).toBe('/en/phrases/');
    // Those are real pages, not "not translated" fallbacks.
    expect(html.includes('class="langs-missing"')).toBe(false);
  });

  test('the sitemap lists every phrase page with its alternates', async () => {
    const xml = await (await fetch(`${baseURL}/sitemap.xml`)).text();
    for (const { reader, shown } of phrasePages) expect(xml).toContain(`/${reader}/phrases/${shown}/</loc>`);
    for (const lng of phraseReaders) expect(xml).toContain(`/${lng}/phrases/</loc>`);
    expect(xml).toMatch(
      /\/zh\/phrases\/es\/<\/loc><xhtml:link rel="alternate" hreflang="zh-Hans" href="[^"]*\/zh\/phrases\/es\/"\/><xhtml:link rel="alternate" hreflang="es" href="[^"]*\/es\/phrases\/zh\/"\/>/,
    );
  });

  test('each page is light and carries the site’s policy', async () => {
    for (const { reader, shown } of phrasePages) {
      const res = await fetch(`${baseURL}/${reader}/phrases/${shown}/`);
      const html = await res.text();
      expectPagePolicy(res.headers.get('content-security-policy'), html, `/${reader}/phrases/${shown}/`);
      expect(html.length, `/${reader}/phrases/${shown}/`).toBeLessThan(80_000);
    }
  });
});
