import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { defaultLocale, localeConfig, locales } from '../../src/i18n/config';
import { emergencyNumbers } from '../../src/lib/emergency-numbers';
import { readContentFiles } from '../helpers/content-files';
import { expectPagePolicy } from '../helpers/page-policy';
import { axeViolations, launchBrowser, openPage, screenshot } from './browser';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** A phone: the readers this page is for. */
const open = (path: string) => openPage(browser, `${baseURL}${path}`, { hasTouch: true, isMobile: true });

const telNumbers = (page: Awaited<ReturnType<typeof open>>['page'], code: string) =>
  page.locator(`#c-${code.toLowerCase()} a[href^="tel:"]`).allTextContents();

describe.each(locales)('the emergency numbers page in %s', (lng) => {
  const { htmlLang, intl } = localeConfig[lng];

  test('lists every country by its name in this language, each with tel: links and its sources', async () => {
    const { context, page, response, errors, scripts } = await open(`/${lng}/emergency/`);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe(htmlLang);
    expect(await page.locator('h1').count()).toBe(1);
    expect(scripts).toEqual([]);

    const names = await page.locator('section.country h2').allTextContents();
    expect(names).toHaveLength(emergencyNumbers.countries.length);
    expect(names).toEqual([...names].sort(new Intl.Collator(intl).compare));
    expect(names).toContain(new Intl.DisplayNames(intl, { type: 'region' }).of('PH'));

    for (const entry of emergencyNumbers.countries) {
      const section = page.locator(`#c-${entry.country.toLowerCase()}`);
      expect(await section.locator('a[href^="tel:"]').count(), entry.country).toBeGreaterThan(0);
      expect(await section.locator('.country-sources a[href^="http"]').count(), entry.country).toBe(entry.sources.length);
    }
    expect(await telNumbers(page, 'PH')).toContain('911');
    expect(await telNumbers(page, 'AR')).toEqual(expect.arrayContaining(['107', '911']));
    expect(await page.getAttribute('#c-de a[href="tel:08001110111"]', 'href')).toBe('tel:08001110111');

    // Tapped in a hurry, on a phone: every number is at least 44 × 44 CSS pixels.
    const small = await page
      .locator('a[href^="tel:"]')
      .evaluateAll((links) =>
        links.map((a) => ({ text: a.textContent, ...a.getBoundingClientRect().toJSON() })).filter((r) => r.width < 44 || r.height < 44),
      );
    expect(small).toEqual([]);

    // The page is one of the site's pages in every language: hreflang and the about link agree with the locale.
    const hreflangs = await page.$$eval('link[rel="alternate"][hreflang]', (ls) => ls.map((l) => l.getAttribute('hreflang')));
    expect(hreflangs.sort()).toEqual([...locales.map((l) => localeConfig[l].htmlLang), 'x-default'].sort());
    expect(await page.getAttribute('.notice a', 'href')).toBe(`/${lng}/about/`);

    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `emergency-${lng}`);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the emergency numbers page', () => {
  test('is light enough for a slow line (well under 30 KB compressed) and carries the site’s policy', async () => {
    for (const lng of locales) {
      const res = await fetch(`${baseURL}/${lng}/emergency/`);
      const html = await res.text();
      expect(gzipSync(html).length, lng).toBeLessThan(20_000);
      // Its inline styles are hashed into the Content-Security-Policy like every other page's.
      expectPagePolicy(res.headers.get('content-security-policy'), html, `/${lng}/emergency/`);
    }
  });

  test('the language switcher keeps the reader on it', async () => {
    const { context, page } = await open('/ja/emergency/');
    await page
      .getByRole('navigation', { name: '言語' })
      .getByRole('link', { name: /Español/ })
      .click();
    await page.waitForURL(`${baseURL}/es/emergency/`);
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    await context.close();
  });
});

describe('a guide', () => {
  const guides = readContentFiles().filter((f) => f.collection === 'guides' && f.locale === defaultLocale);
  const asking = guides.find((g) => g.data.emergencyNumbers === true);
  const notAsking = guides.find((g) => !g.data.emergencyNumbers);

  test.skipIf(!asking).each(locales)(
    'that asks for the numbers shows them after its text in %s, closed, with a link to the full page',
    async (lng) => {
      const { context, page, errors } = await open(`/${lng}/guides/${asking?.slug}/`);
      const box = page.locator('section.emergency-numbers');
      expect(await box.count()).toBe(1);
      expect(await box.getAttribute('lang')).toBe(localeConfig[lng].htmlLang);
      // After the guide's own text, before its sources.
      expect(await page.locator('.prose ~ section.emergency-numbers ~ section.sources').count()).toBe(1);
      expect(await box.locator('a[href^="tel:"]').first().isVisible()).toBe(false);
      await box.locator('summary').click();
      expect(await box.locator('a[href^="tel:"]').first().isVisible()).toBe(true);
      expect(await box.locator('li').count()).toBe(emergencyNumbers.countries.length);
      expect(await box.locator(`a[href="/${lng}/emergency/"]`).count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, `guide-emergency-${lng}`);
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  test.skipIf(!notAsking)('that does not ask has no emergency numbers box', async () => {
    const { context, page } = await open(`/en/guides/${notAsking?.slug}/`);
    expect(await page.locator('section.emergency-numbers').count()).toBe(0);
    await context.close();
  });
});
