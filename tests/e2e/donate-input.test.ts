import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { backdateForm, launchBrowser, screenshot, watchConsole } from './browser';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const errorsIn = (lng: string) => JSON.parse(readFileSync(path.resolve('locales', lng, 'errors.json'), 'utf8')) as Record<string, string>;

/** Types into a field and leaves it, as a donor does; the form checks a field when it is left. */
async function typeAndLeave(page: Page, selector: string, text: string) {
  await page.fill(selector, text);
  await page.locator(selector).blur();
}

describe.each(['zh', 'en', 'es', 'ja'] as const)('the donation form in %s, with JavaScript, on what cannot be seen', (lng) => {
  const errors = errorsIn(lng);

  test('hidden characters, an email with a BCC and a 5-digit phone number are explained next to their fields', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const consoleErrors = watchConsole(page);
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
    const posts: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
    await page.goto(`${baseURL}/${lng}/donate/`);

    await typeAndLeave(page, '#f-organization-name', 'ACME \u202egro.elpmaxe');
    expect(await page.textContent('#f-organization-name-error')).toBe(errors['validation.invisibleCharacters']);
    expect(await page.getAttribute('#f-organization-name', 'aria-invalid')).toBe('true');
    await typeAndLeave(page, '#f-contact-name', 'Lin\u200bHaining');
    expect(await page.textContent('#f-contact-name-error')).toBe(errors['validation.invisibleCharacters']);
    await typeAndLeave(page, '#f-contact-email', 'lin@ex.org?bcc=x%40evil.example');
    expect(await page.textContent('#f-contact-email-error')).toBe(errors['validation.email']);

    // The phone rules are fetched only now, when the phone field is used.
    expect(scripts).toHaveLength(1);
    await page.selectOption('#f-organization-country', 'CN');
    await typeAndLeave(page, '#f-contact-phone', '12345');
    await expect.poll(() => page.textContent('#f-contact-phone-error')).toBe(errors['validation.phone']);
    expect(scripts).toHaveLength(2);

    // An emoji family in a name is a name; fixing a field clears its problem as the donor types.
    await page.fill('#f-organization-name', 'Familia 👨\u200d👩\u200d👧');
    expect(await page.textContent('#f-organization-name-error')).toBe('');
    await screenshot(page, `donate-hidden-characters-${lng}`);
    expect(posts).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

describe('the donation form reads phone numbers as they are written at home', () => {
  test('an Argentine mobile with 15 is shown as the number the world dials, and sent', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const consoleErrors = watchConsole(page);
    await page.goto(`${baseURL}/es/donate/`);
    await page.fill('#f-organization-name', 'Asociación China de Córdoba');
    await page.selectOption('#f-organization-country', 'AR');
    await page.fill('#f-contact-name', 'Lin Haining');
    await page.fill('#f-contact-phone', '(0351) 15-234-5678');
    await expect.poll(() => page.textContent('#f-contact-phone-preview')).toContain('+5493512345678');
    await page.selectOption('#f-goods-0-item', 'surgical_mask');
    await page.fill('#f-goods-0-quantity', '1000');
    await page.check('#f-consent-dataProcessing');
    await backdateForm(page);
    await Promise.all([page.waitForURL(/\/es\/donate\/thanks\//), page.click('#send')]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('a number the page’s lighter rules let through is refused by the API next to the same field', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = errorsIn('ja');
    await page.goto(`${baseURL}/ja/donate/`);
    await page.fill('#f-organization-name', '日本福建同郷会');
    await page.selectOption('#f-organization-country', 'JP');
    await page.fill('#f-contact-name', '陳 美玲');
    // Eleven digits starting 090 is a plausible length, but no such mobile range exists.
    await page.fill('#f-contact-phone', '090-0000-0000');
    await page.selectOption('#f-goods-0-item', 'surgical_mask');
    await page.fill('#f-goods-0-quantity', '1000');
    await page.check('#f-consent-dataProcessing');
    await backdateForm(page);
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/offers')), page.click('#send')]);
    expect(response.status()).toBe(422);
    await expect.poll(() => page.textContent('#f-contact-phone-error')).toBe(errors['validation.phone']);
    await context.close();
  });
});
