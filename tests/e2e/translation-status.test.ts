import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { defaultLocale, localeConfig, locales } from '../../src/i18n/config';
import { useTranslations } from '../../src/i18n/i18n';
import { translationStatus } from '../../tooling/i18n/translation-status';
import { axeViolations, launchBrowser, openPage, screenshot } from './browser';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

// What the build saw: the same module the page is built from.
const status = translationStatus({ root: process.cwd(), sourceLocale: defaultLocale, configured: [...locales] });
const targets = locales.filter((l) => l !== defaultLocale);
const items = status.locales.reduce((n, l) => n + l.content.total, 0);

describe.each(locales)('translation status page in %s', (lng) => {
  test('shows interface coverage and every guide and story per language, in the reader’s language, accessibly', async () => {
    const t = useTranslations(lng, 'translation-status');
    const { context, page, errors, response: res } = await openPage(browser, `${baseURL}/${lng}/translation-status/`);
    expect(res?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe(localeConfig[lng].htmlLang);
    expect(await page.locator('h1').textContent()).toBe(t('meta.title'));

    const coverage = page.getByRole('table', { name: t('interface.caption') });
    for (const target of targets) {
      const row = coverage.getByRole('row', { name: new RegExp(`^${localeConfig[target].endonym}`) });
      const expected = status.locales.find((l) => l.locale === target)?.interface;
      const cells = await row.getByRole('cell').allTextContents();
      expect(cells[0]).toContain(`${expected?.percent} %`);
      expect(cells.at(-1)).toBe(String(expected?.outdated));
    }
    await expect(
      page
        .getByRole('table', { name: t('content.caption') })
        .getByRole('row')
        .count(),
    ).resolves.toBe(targets.length + 1);
    await expect(page.locator('.items li').count()).resolves.toBe(items);
    // Every state label is a real word, never a key.
    const labels = await page.locator('.items .state').allTextContents();
    expect(labels.every((label) => ['complete', 'outdated', 'missing', 'unknown'].some((s) => label === t(`state.${s}` as never)))).toBe(
      true,
    );
    // Key names listed for translators are code; the page's own words are not.
    const prose = await page.locator('main').evaluate((main) => {
      const copy = main.cloneNode(true) as HTMLElement;
      for (const code of copy.querySelectorAll('code')) code.remove();
      return copy.textContent;
    });
    expect(prose).not.toMatch(/\b(?:state|date|table|interface|content|help|page|meta|history)\.[a-z]+[A-Z]?/);

    expect(await axeViolations(page)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, `translation-status-${lng}`);
    expect(errors).toEqual([]);
    await context.close();
  });
});

test('every page’s footer links to the translation status in its language', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseURL}/ja/`);
  const link = page.locator('footer a[href="/ja/translation-status/"]');
  await expect(link.textContent()).resolves.toBe(useTranslations('ja')('footer.translationStatus'));
  await context.close();
});
