import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { locales } from '../../src/i18n/config';
import { runStaffCommand } from '../helpers/staff-cli';
import { axeViolations, launchBrowser, openPage, screenshot } from './browser';
import { receiveMasks, staffCookie } from './staff-over-http';

const baseURL = inject('baseURL');
const dataDir = inject('dataDir');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe.each(locales)('the transparency page in %s', (lng) => {
  test('shows the totals from the API (or that nothing has arrived) and passes axe', async () => {
    const { context, page, errors, response: res } = await openPage(browser, `${baseURL}/${lng}/transparency/`);
    expect(res?.status()).toBe(200);
    await page.waitForFunction(() => {
      const status = document.getElementById('totals-status')?.textContent ?? '';
      return !document.getElementById('totals')?.hidden || (status !== '' && !/…|\.\.\./.test(status));
    });
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `transparency-${lng}`);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('when the totals cannot be loaded', () => {
  test('the page says so clearly and offers to try again', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route('**/api/totals', (route) => route.fulfill({ status: 503, body: '{}' }));
    await page.goto(`${baseURL}/en/transparency/`);
    await page.locator('#totals-retry').waitFor();
    expect(await page.textContent('#totals-status')).toContain('cannot be loaded');
    expect(await page.locator('#totals').isHidden()).toBe(true);
    await context.close();
  });
});

describe('after staff receive an offer', () => {
  test('the page shows what arrived, as text, a table and a chart', async () => {
    const password = 'transparency test password';
    await fetch(`${baseURL}/api/health`);
    const added = await runStaffCommand(
      dataDir,
      ['add', 'totals-admin@example.org', '--role', 'admin', '--password-stdin'],
      `${password}\n`,
    );
    expect(added.code, added.out).toBe(0);
    const cookie = await staffCookie(baseURL, { email: 'totals-admin@example.org', password });
    await receiveMasks(baseURL, cookie, { organization: 'Asociación China de Mendoza', email: 'ana@example.org', masks: 150000 });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseURL}/es/transparency/`);
    await page.locator('#totals').waitFor();
    expect(await page.textContent('#totals-goods')).toContain('150.000');
    expect(await page.textContent('#totals-thanked')).toContain('Asociación China de Mendoza');
    // One bar per country in the table (other tests may have received offers from elsewhere).
    expect(await page.locator('#totals-chart rect').count()).toBe(await page.locator('#totals-countries tr').count());
    expect(await page.textContent('#totals-countries')).toContain('Argentina');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'transparency-es-with-data');
    await context.close();
  });
});
