import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { axeViolations, backdateForm, launchBrowser, openPage, screenshot } from './browser';

/**
 * Traditional Chinese (zh-Hant), made from the Chinese by OpenCC (npm run i18n:hant): a
 * Taiwanese browser lands on it, every page names it, converted guides say they are
 * converted, and a donor can offer and follow an offer in it from start to finish. The
 * other languages' pages are the same templates, tested in their own files; here what
 * only this language has.
 */
const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const strings = (ns: string) => {
  const { _generated, ...texts } = JSON.parse(readFileSync(path.resolve('locales/zh-Hant', `${ns}.json`), 'utf8')) as Record<
    string,
    string
  >;
  return texts;
};
const donate = strings('donate');
const errors = strings('errors');
const content = strings('content');

describe('a reader of Traditional Chinese', () => {
  test('whose browser asks for zh-TW lands on /zh-Hant/, and the switcher names it 繁體中文', async () => {
    const {
      context,
      page,
      errors: consoleErrors,
    } = await openPage(browser, `${baseURL}/`, {
      extraHTTPHeaders: { 'Accept-Language': 'zh-TW,zh;q=0.9,en;q=0.8' },
    });
    expect(new URL(page.url()).pathname).toBe('/zh-Hant/');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hant');
    const switcher = page.getByRole('navigation', { name: '語言' });
    expect(await switcher.locator('[aria-current="page"]').textContent()).toMatch(/^繁體中文/);
    expect(await switcher.getByRole('link', { name: '简体中文' }).getAttribute('hreflang')).toBe('zh-Hans');
    // Every language names every other, and this one too.
    const hreflangs = await page.locator('link[rel="alternate"]').evaluateAll((links) => links.map((l) => l.getAttribute('hreflang')));
    expect(hreflangs).toEqual(['zh-Hans', 'en', 'es', 'ja', 'zh-Hant', 'x-default']);
    expect(await page.textContent('footer')).toContain('這個語言版本由簡體中文版本自動轉換而成');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('reads a guide converted by machine, which says so and links the original', async () => {
    const { context, page, errors: consoleErrors, scripts } = await openPage(browser, `${baseURL}/zh-Hant/guides/masks/`);
    expect(scripts).toEqual([]);
    const notice = page.locator('aside.notice');
    expect(await notice.locator('.notice-title').textContent()).toBe(content['notice.convertedTitle']);
    expect(await notice.textContent()).toContain('本頁由簡體中文原文經開放中文轉換（OpenCC）自動轉換而成');
    expect(await notice.getByRole('link').getAttribute('href')).toBe('/zh/guides/masks/');
    // Its own page in its own language: no fallback mark on the text, and searchable.
    expect(await page.getAttribute('article', 'lang')).toBeNull();
    expect(await page.getAttribute('article', 'data-pagefind-body')).toBe('');
    const text = (await page.textContent('article')) ?? '';
    expect(text).toContain('口罩：怎麼選，怎麼戴才安全');
    expect(text).not.toMatch(/[们这说]/);
    // Nobody read this language yet: no language reviewer is claimed.
    expect(text).not.toContain('語言審讀');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'zh-Hant-guide-masks');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('finds Traditional Chinese pages by search', async () => {
    const { context, page, errors: consoleErrors } = await openPage(browser, `${baseURL}/zh-Hant/search/?q=${encodeURIComponent('口罩')}`);
    // Pagefind loads its WebAssembly, the index and a fragment per result: seconds on a busy machine, more than a poll's default second.
    await page.locator('#search-results li').first().waitFor();
    const links = await page
      .locator('#search-results a')
      .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(links.every((l) => l.startsWith('/zh-Hant/'))).toBe(true);
    expect(links).toContain('/zh-Hant/guides/masks/');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('gets the stories feed and the sitemap in Traditional Chinese', async () => {
    const rss = await (await fetch(`${baseURL}/zh-Hant/rss.xml`)).text();
    expect(rss).toContain('<language>zh-Hant</language>');
    expect(rss).toContain('/zh-Hant/stories/argentina-150000-masks/</link>');
    const sitemap = await (await fetch(`${baseURL}/sitemap.xml`)).text();
    expect(sitemap).toMatch(/<loc>[^<]*\/zh-Hant\/guides\/masks\/<\/loc>/);
    expect(sitemap).toMatch(/<xhtml:link rel="alternate" hreflang="zh-Hant" href="[^"]*\/zh-Hant\/guides\/masks\/"\/>/);
  });

  test('who types the address in lower case is sent to the page, and an unknown one gets the 404 in Traditional Chinese', async () => {
    const { context, page } = await openPage(browser, `${baseURL}/zh-hant/guides/masks/`);
    expect(new URL(page.url()).pathname).toBe('/zh-Hant/guides/masks/');
    const res = await page.goto(`${baseURL}/zh-Hant/no-such-page/`);
    expect(res?.status()).toBe(404);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hant');
    expect(await page.locator('h1').textContent()).toBe('找不到這個頁面');
    await context.close();
  });
});

describe('a donor writing in Traditional Chinese', () => {
  test('is told what to correct in Traditional Chinese, then offers, and follows the offer in Traditional Chinese', async () => {
    const { context, page, errors: consoleErrors } = await openPage(browser, `${baseURL}/zh-Hant/donate/`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hant');
    await page.fill('#f-contact-email', 'not-an-email');
    await page.click('#send');
    const summary = page.locator('#error-summary');
    await summary.waitFor({ state: 'visible' });
    const items = await summary.locator('li').allTextContents();
    expect(items).toContain(`${donate['field.contact.email']}: ${errors['validation.email']}`);
    expect(errors['validation.email']).toBe('請輸入正確的電子郵件地址，例如 name@example.org。');
    expect(await page.textContent('#f-contact-email-error')).toBe(errors['validation.email']);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'zh-Hant-donate-errors');

    await page.fill('#f-organization-name', '菲華商聯總會');
    await page.selectOption('#f-organization-country', 'PH');
    await page.fill('#f-contact-name', '洪美玲');
    await page.fill('#f-contact-email', 'hong.hant@example.ph');
    await page.selectOption('#f-goods-0-item', 'surgical_mask');
    await page.fill('#f-goods-0-quantity', '50000');
    await page.check('#f-consent-dataProcessing');
    await backdateForm(page);
    await page.click('#send');
    await page.waitForURL(/\/zh-Hant\/donate\/thanks\/\?ref=TX-/);
    const reference = (await page.textContent('.reference'))?.trim() ?? '';
    expect(await page.textContent('h1')).toBe(donate['thanks.title']);

    await page.goto(`${baseURL}/zh-Hant/donate/status/?ref=${encodeURIComponent(reference)}`);
    await page.fill('#f-contact', 'hong.hant@example.ph');
    await Promise.all([page.waitForLoadState('load'), page.click('button[type="submit"]')]);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hant');
    expect(await page.textContent('.current-status')).toBe(donate['state.submitted']);
    expect(await page.textContent('.summary')).toContain('菲華商聯總會');
    expect(await page.textContent('.summary')).toContain('醫用外科口罩');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'zh-Hant-donate-status');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
