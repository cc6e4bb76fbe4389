import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import operatorFile from '../../config/operator.json';
import { localeConfig, locales } from '../../src/i18n/config';
import { resources } from '../../src/i18n/resources';
import { removeDataDir, startSelfHost } from '../helpers/self-host';
import { axeViolations, launchBrowser, openPage, screenshot } from './browser';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const about = (lng: string, key: string) => resources[lng]?.about?.[key] as string;

const open = (url: string) => openPage(browser, url);

describe.each(locales)('who runs the portal, in %s', (lng) => {
  const operator = operatorFile.locales[lng as keyof typeof operatorFile.locales];

  test('the About page names the operator and the 2020 source plainly, and passes axe', async () => {
    const { context, page, response, errors } = await open(`${baseURL}/${lng}/about/`);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe(localeConfig[lng].htmlLang);
    const text = (await page.textContent('main')) ?? '';
    expect(text).toContain(operator.name);
    expect(text).toContain(operator.description);
    // The shipped file is a demonstration: it says so, and asks for no real data.
    expect(text).toContain(about(lng, 'demo.body'));
    // The stories' source is named as what it is: a party of the People's Republic of China.
    expect(text).toContain(about(lng, 'source.body1'));
    expect(text).toContain(about(lng, 'source.body2'));
    expect(await page.locator('main a[href$="/privacy/"]').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `about-${lng}`);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('every page’s footer says who runs it and links to About, Privacy and Emergency numbers', async () => {
    const { context, page } = await open(`${baseURL}/${lng}/guides/`);
    const footer = page.locator('footer.site-footer');
    expect(await footer.textContent()).toContain(operator.name);
    for (const rest of ['/about/', '/privacy/', '/emergency/']) {
      expect(await footer.locator(`a[href="/${lng}${rest}"]`).count(), rest).toBe(1);
    }
    await context.close();
  });

  test('the home page no longer hides who published the stories', async () => {
    const { context, page } = await open(`${baseURL}/${lng}/`);
    const section = (await page.locator('section[aria-labelledby="about-title"]').textContent()) ?? '';
    expect(section).toContain(operator.name);
    expect(section).toContain(resources[lng]?.home?.['about.source'] as string);
    await context.close();
  });

  test('the privacy notice states this server’s retention and is linked from the form and the status page', async () => {
    const { context, page, response } = await open(`${baseURL}/${lng}/privacy/`);
    expect(response?.status()).toBe(200);
    const text = (await page.textContent('main')) ?? '';
    expect(text).toContain(about(lng, 'privacy.stored.noAddress'));
    expect(text).toMatch(/730/);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `privacy-${lng}`);
    for (const form of [`/${lng}/donate/`, `/${lng}/donate/status/`]) {
      await page.goto(`${baseURL}${form}`);
      expect(await page.locator(`main a[href="/${lng}/privacy/"]`).count(), form).toBe(1);
    }
    await context.close();
  });
});

describe('the privacy notice', () => {
  test('follows RETENTION_DAYS as the server enforces it, and says when data is kept until erased', async () => {
    for (const [days, expected] of [
      ['90', /\b90\b/],
      ['0', new RegExp(about('en', 'privacy.kept.finalNever').slice(0, 40))],
    ] as const) {
      const server = await startSelfHost({ env: { RETENTION_DAYS: days } });
      try {
        const { context, page } = await open(`${server.baseURL}/en/privacy/`);
        const kept = (await page.locator('section[aria-labelledby="kept-title"]').textContent()) ?? '';
        expect(kept).toMatch(expected);
        expect(kept).not.toMatch(/730/);
        await context.close();
      } finally {
        await server.stop();
        removeDataDir(server.dataDir);
      }
    }
  });
});
