import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { localeConfig, locales } from '../../src/i18n/config';
import { axeViolations, launchBrowser, openPage, screenshot } from './browser';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe.each(locales)('home page in %s', (lng) => {
  test('is in its language, with alternates, a card for sharing and no accessibility violations', async () => {
    const { context, page, errors, response: res } = await openPage(browser, `${baseURL}/${lng}/`);
    expect(res?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe(localeConfig[lng].htmlLang);
    await expect(page.locator('h1').count()).resolves.toBe(1);

    const hreflangs = await page.$$eval('link[rel="alternate"][hreflang]', (links) => links.map((l) => l.getAttribute('hreflang')));
    expect(hreflangs.sort()).toEqual([...locales.map((l) => localeConfig[l].htmlLang), 'x-default'].sort());
    expect(await page.getAttribute('link[rel="canonical"]', 'href')).toMatch(new RegExp(`/${lng}/$`));
    for (const property of ['og:title', 'og:description', 'og:image', 'og:url']) {
      expect(await page.getAttribute(`meta[property="${property}"]`, 'content'), property).toBeTruthy();
    }
    expect(await page.getAttribute('meta[name="twitter:card"]', 'content')).toBe('summary_large_image');

    // Entry points to guides, stories, the donation form and the totals.
    for (const href of ['guides/', 'stories/', 'donate/', 'transparency/']) {
      await expect(page.locator(`main a[href="/${lng}/${href}"]`).count(), href).resolves.toBeGreaterThan(0);
    }

    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `home-${lng}`);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('layout', () => {
  test('fits a 320 px wide phone without sideways scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    for (const lng of locales) {
      await page.goto(`${baseURL}/${lng}/`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, lng).toBeLessThanOrEqual(0);
    }
    await context.close();
  });

  test('loads no web fonts and no script', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(`${r.resourceType()} ${r.url()}`));
    await page.goto(`${baseURL}/ja/`);
    expect(requested.filter((r) => /^(font|script) /.test(r))).toEqual([]);
    await context.close();
  });

  test('the skip link moves focus to the content', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseURL}/en/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await context.close();
  });
});
