import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { axeViolations, launchBrowser } from './browser';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('choosing the language', () => {
  test.each([
    ['es-AR,es;q=0.9', '/es/'],
    ['ja-JP', '/ja/'],
    ['zh-TW,zh;q=0.9', '/zh-Hant/'],
    ['zh-CN,zh;q=0.9', '/zh/'],
    ['en-GB,en;q=0.8', '/en/'],
    ['fr-FR', '/zh/'],
  ])('/ with Accept-Language %s lands on %s', async (acceptLanguage, expected) => {
    const context = await browser.newContext({ extraHTTPHeaders: { 'Accept-Language': acceptLanguage } });
    const page = await context.newPage();
    await page.goto(`${baseURL}/`);
    expect(new URL(page.url()).pathname).toBe(expected);
    await context.close();
  });

  test('switching language stays on the same page and is remembered', async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { 'Accept-Language': 'es-AR' } });
    const page = await context.newPage();
    await page.goto(`${baseURL}/es/`);
    await page.getByRole('navigation', { name: 'Idioma' }).getByRole('link', { name: '日本語' }).click();
    await page.waitForURL(`${baseURL}/ja/`);
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    // The choice now beats the browser's Spanish preference at the front door.
    await page.goto(`${baseURL}/`);
    expect(new URL(page.url()).pathname).toBe('/ja/');
    await context.close();
  });
});

describe('pages that do not exist', () => {
  test.each([
    ['/es/no-such-page/', 'es', 'Página no encontrada'],
    ['/ja/guides/nothing-here/', 'ja', 'ページが見つかりませんでした'],
    ['/xx/yy/', 'zh-Hans', '找不到这个页面'],
  ])('%s gets the localized 404', async (path, lang, heading) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const res = await page.goto(`${baseURL}${path}`);
    expect(res?.status()).toBe(404);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.locator('h1').textContent()).toBe(heading);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  test('the share card image named in og:image is served', async () => {
    const html = await (await fetch(`${baseURL}/en/`)).text();
    const image = /<meta property="og:image" content="([^"]+)"/.exec(html)?.[1];
    expect(image).toMatch(/\/og\/tongxin-card\.png$/);
    const res = await fetch(`${baseURL}${new URL(image as string).pathname}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
  });

  test('an unknown API path answers JSON 404, not a page', async () => {
    const res = await fetch(`${baseURL}/api/nope`, { headers: { 'Accept-Language': 'ja' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/json/);
  });
});
