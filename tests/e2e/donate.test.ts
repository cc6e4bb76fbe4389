import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { axeViolations, backdateForm, launchBrowser, screenshot, watchConsole } from './browser';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const strings = (lng: string, ns: string) =>
  JSON.parse(readFileSync(path.resolve('locales', lng, `${ns}.json`), 'utf8')) as Record<string, string>;

interface Donor {
  lng: 'es' | 'ja';
  organization: string;
  country: string;
  contact: string;
  email?: string;
  phone?: string;
  lines: { item: string; quantity: string }[];
  cash: { amount: string; currency: string };
  /** How the status page shows the pledge. */
  shownCash: RegExp;
}

const donors: Donor[] = [
  {
    lng: 'es',
    organization: 'Asociación China de Córdoba',
    country: 'AR',
    contact: 'Lin Haining',
    email: 'lin.es@example.org',
    lines: [
      { item: 'surgical_mask', quantity: '150.000' },
      { item: 'medical_gloves', quantity: '20.000' },
    ],
    cash: { amount: '350.000,50', currency: 'ARS' },
    shownCash: /350\.000,50/,
  },
  {
    lng: 'ja',
    organization: '日本福建同郷会',
    country: 'JP',
    contact: '陳 美玲',
    phone: '090-1234-5678',
    lines: [
      { item: 'pcr_test_kit', quantity: '4800' },
      { item: 'surgical_mask', quantity: '4500' },
    ],
    cash: { amount: '100000', currency: 'JPY' },
    shownCash: /100,000/,
  },
];

async function fillOffer(page: Page, donor: Donor, { withJs }: { withJs: boolean }) {
  await page.fill('#f-organization-name', donor.organization);
  await page.selectOption('#f-organization-country', donor.country);
  await page.fill('#f-contact-name', donor.contact);
  if (donor.email) await page.fill('#f-contact-email', donor.email);
  if (donor.phone) await page.fill('#f-contact-phone', donor.phone);
  for (const [index, line] of donor.lines.entries()) {
    if (index > 0) {
      // Without JavaScript this is a round trip to the server that keeps everything typed.
      await page.click('button.add-line');
      if (!withJs) await page.waitForLoadState('load');
    }
    await page.selectOption(`#f-goods-${index}-item`, line.item);
    await page.fill(`#f-goods-${index}-quantity`, line.quantity);
  }
  await page.fill('#f-cash-amount', donor.cash.amount);
  await page.selectOption('#f-cash-currency', donor.cash.currency);
  await page.check('#f-consent-dataProcessing');
}

async function lookUp(page: Page, lng: string, reference: string, contact: string) {
  await page.goto(`${baseURL}/${lng}/donate/status/?ref=${encodeURIComponent(reference)}`);
  expect(await page.inputValue('#f-reference')).toBe(reference);
  await page.fill('#f-contact', contact);
  await Promise.all([page.waitForLoadState('load'), page.click('button[type="submit"]')]);
}

/**
 * axe runs inside the page, which a context without JavaScript does not allow: check
 * the same HTML in a context that has JavaScript but loads no script of ours.
 */
async function axeOfStaticPage(page: Page) {
  const html = await page.content();
  const context = await browser.newContext();
  const copy = await context.newPage();
  await copy.route('**/*', (route) => (route.request().resourceType() === 'document' ? route.continue() : route.abort()));
  await copy.goto(page.url());
  await copy.setContent(html);
  const violations = await axeViolations(copy);
  await context.close();
  return violations;
}

async function newPage(
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, ...options });
  const page = await context.newPage();
  return { context, page, errors: watchConsole(page) };
}

describe.each(donors)('the donation form in $lng, with JavaScript', (donor) => {
  const donate = strings(donor.lng, 'donate');
  const errors = strings(donor.lng, 'errors');

  test('problems are shown next to their fields, summarised, focused and announced, with no request sent', async () => {
    const { context, page, errors: consoleErrors } = await newPage();
    const posts: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
    await page.goto(`${baseURL}/${donor.lng}/donate/`);
    expect(await axeViolations(page)).toEqual([]);

    await page.fill('#f-contact-email', 'not-an-email');
    await page.click('#send');
    const summary = page.locator('#error-summary');
    await summary.waitFor({ state: 'visible' });
    expect(await summary.getAttribute('role')).toBe('alert');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    const items = await summary.locator('li').allTextContents();
    expect(items[0]).toBe(`${donate['field.organization.name']}: ${errors['validation.required']}`);
    expect(items).toContain(`${donate['field.contact.email']}: ${errors['validation.email']}`);
    expect(items).toContain(`${donate['section.consent']}: ${errors['validation.consent']}`);

    const email = page.locator('#f-contact-email');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await email.getAttribute('aria-describedby')).toContain('f-contact-email-error');
    expect(await page.textContent('#f-contact-email-error')).toBe(errors['validation.email']);

    // A summary link takes the cursor to its field.
    await summary.locator('li a').first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-organization-name');
    // Fixing a field clears its problem as the donor types.
    await page.fill('#f-organization-name', donor.organization);
    expect(await page.textContent('#f-organization-name-error')).toBe('');

    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `donate-errors-js-${donor.lng}`);
    expect(posts).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('a complete offer is sent, answered with a reference, and can be followed on the status page', async () => {
    const { context, page, errors: consoleErrors } = await newPage();
    await page.goto(`${baseURL}/${donor.lng}/donate/`);
    await fillOffer(page, donor, { withJs: true });
    if (donor.phone) expect(await page.textContent('#f-contact-phone-preview')).toContain('+819012345678');
    await backdateForm(page);
    const [request] = await Promise.all([page.waitForRequest(`${baseURL}/api/offers`), page.click('#send')]);
    expect(request.headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    await page.waitForURL(/\/donate\/thanks\/\?ref=TX-/);
    const reference = (await page.textContent('.reference'))?.trim() ?? '';
    expect(reference).toMatch(/^TX-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(await page.textContent('h1')).toBe(donate['thanks.title']);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `donate-thanks-${donor.lng}`);
    // Sent means the draft is gone.
    expect(await page.evaluate(() => localStorage.getItem('tongxin:donate-draft:v1'))).toBeNull();

    await lookUp(page, donor.lng, reference, donor.email ?? donor.phone ?? '');
    expect(await page.textContent('.current-status')).toBe(donate['state.submitted']);
    const summary = (await page.textContent('.summary')) ?? '';
    expect(summary).toContain(donor.organization);
    expect(summary).toMatch(donor.shownCash);
    expect(await page.locator('.summary ul li').count()).toBe(donor.lines.length);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `donate-status-${donor.lng}`);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('a draft survives a reload until it is sent or cleared', async () => {
    const { context, page } = await newPage();
    await page.goto(`${baseURL}/${donor.lng}/donate/`);
    await page.fill('#f-organization-name', donor.organization);
    await page.click('button.add-line');
    await page.selectOption('#f-goods-1-item', 'goggles');
    await page.fill('#f-goods-1-quantity', '300');
    // The draft is saved a moment after typing stops.
    await expect.poll(() => page.evaluate(() => localStorage.getItem('tongxin:donate-draft:v1') ?? '')).toContain('goggles');
    await page.reload();
    expect(await page.inputValue('#f-organization-name')).toBe(donor.organization);
    expect(await page.inputValue('#f-goods-1-item')).toBe('goggles');
    expect(await page.inputValue('#f-goods-1-quantity')).toBe('300');
    expect(await page.textContent('#form-status')).toBe(donate['form.draftRestored']);
    await page.click('#discard-draft');
    expect(await page.inputValue('#f-organization-name')).toBe('');
    expect(await page.locator('.goods-line').count()).toBe(1);
    await page.reload();
    expect(await page.inputValue('#f-organization-name')).toBe('');
    await context.close();
  });
});

describe('the donation form when the network fails', () => {
  test('the donor can send again; the retry carries the same key and gets the offer that did arrive', async () => {
    const { context, page } = await newPage();
    const donor = donors[0] as Donor;
    await page.goto(`${baseURL}/es/donate/`);
    await fillOffer(page, donor, { withJs: true });
    await backdateForm(page);

    // The first attempt reaches the server, which stores the offer, but the answer is lost.
    const keys: string[] = [];
    let storedReference = '';
    await page.route(`${baseURL}/api/offers`, async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      const response = await route.fetch();
      storedReference = ((await response.json()) as { reference: string }).reference;
      await route.abort('connectionreset');
    });
    await page.click('#send');
    const notice = page.locator('#form-notice');
    await notice.waitFor({ state: 'visible' });
    expect(await notice.textContent()).toBe(strings('es', 'donate')['form.networkError']);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('form-notice');
    expect(await page.isEnabled('#send')).toBe(true);
    expect(await page.inputValue('#f-organization-name')).toBe(donor.organization);

    await page.unroute(`${baseURL}/api/offers`);
    const [request] = await Promise.all([page.waitForRequest(`${baseURL}/api/offers`), page.click('#send')]);
    keys.push(request.headers()['idempotency-key'] ?? '');
    await page.waitForURL(/\/donate\/thanks\/\?ref=TX-/);
    expect(keys[0]).toBe(keys[1]);
    expect((await page.textContent('.reference'))?.trim()).toBe(storedReference);
    await context.close();
  });
});

describe.each(donors)('the donation form in $lng, without JavaScript', (donor) => {
  const donate = strings(donor.lng, 'donate');
  const errors = strings(donor.lng, 'errors');

  test('an incomplete form comes back with every problem listed and everything typed kept', async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    await page.goto(`${baseURL}/${donor.lng}/donate/`);
    await page.fill('#f-organization-name', donor.organization);
    await page.fill('#f-contact-phone', 'call me maybe');
    await page.selectOption('#f-goods-0-item', 'other');
    await page.fill('#f-goods-0-quantity', '12');
    await page.fill('#f-notes', 'Notas 备注 メモ');
    const [response] = await Promise.all([page.waitForResponse(`${baseURL}/${donor.lng}/donate/`), page.click('#send')]);
    expect(response.status()).toBe(422);
    await page.waitForLoadState('load');

    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    expect(await page.getAttribute('#error-summary', 'role')).toBe('alert');
    expect(await page.title()).toMatch(/^\S/);
    const items = await page.locator('#error-summary li').allTextContents();
    expect(items).toEqual([
      `${donate['field.organization.country']}: ${errors['validation.required']}`,
      `${donate['field.contact.name']}: ${errors['validation.required']}`,
      `${donate['field.contact.phone']}: ${errors['validation.phone']}`,
      `${donate['goods.line']?.replace('{{number}}', '1')} · ${donate['field.goods.name']}: ${errors['validation.otherName']}`,
      `${donate['section.consent']}: ${errors['validation.consent']}`,
    ]);
    expect(await page.inputValue('#f-organization-name')).toBe(donor.organization);
    expect(await page.inputValue('#f-contact-phone')).toBe('call me maybe');
    expect(await page.inputValue('#f-goods-0-item')).toBe('other');
    expect(await page.inputValue('#f-notes')).toBe('Notas 备注 メモ');
    expect(await page.getAttribute('#f-contact-phone', 'aria-invalid')).toBe('true');
    expect(await axeOfStaticPage(page)).toEqual([]);
    await screenshot(page, `donate-errors-nojs-${donor.lng}`);
    await context.close();
  });

  test('goods lines can be added and removed, and the offer is sent with a plain POST', async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    const requests: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && requests.push(r.url()));
    await page.goto(`${baseURL}/${donor.lng}/donate/`);
    await fillOffer(page, donor, { withJs: false });
    await page.click('button.add-line');
    await page.waitForLoadState('load');
    expect(await page.locator('.goods-line').count()).toBe(donor.lines.length + 1);
    await page.click(`button[value="remove-line:${donor.lines.length}"]`);
    await page.waitForLoadState('load');
    expect(await page.locator('.goods-line').count()).toBe(donor.lines.length);
    expect(await page.inputValue('#f-goods-1-quantity')).toBe(donor.lines[1]?.quantity);

    await backdateForm(page);
    await Promise.all([page.waitForURL(/\/donate\/thanks\/\?ref=TX-/), page.click('#send')]);
    const reference = (await page.textContent('.reference'))?.trim() ?? '';
    expect(reference).toMatch(/^TX-/);

    await lookUp(page, donor.lng, reference, donor.email ?? donor.phone ?? '');
    expect(await page.textContent('.current-status')).toBe(donate['state.submitted']);
    expect(await page.locator('.summary ul li').count()).toBe(donor.lines.length);
    expect(requests).toEqual([]);
    await context.close();
  });

  test('a wrong contact detail gets the same polite answer as a wrong reference', async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    await lookUp(page, donor.lng, 'TX-2345-6789', 'nobody@example.org');
    expect(await page.textContent('.notice')).toBe(errors['error.lookupNotFound']);
    expect(await page.inputValue('#f-contact')).toBe('nobody@example.org');
    expect(await axeOfStaticPage(page)).toEqual([]);
    await context.close();
  });
});

describe('what donors type is shown back as text', () => {
  test('HTML and scripts in an offer are displayed literally and never run', async () => {
    const html = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const rtl = 'جمعية الصداقة — שלום';
    const res = await fetch(`${baseURL}/api/offers`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        locale: 'en',
        organization: { name: html, country: 'EG' },
        contact: { name: rtl, email: 'xss@example.org' },
        cash: { amount: '10', currency: 'USD' },
        notes: `${html}\n${rtl}\n😷🧤`,
        consent: { dataProcessing: true },
      }),
    });
    expect(res.status).toBe(201);
    const { reference } = (await res.json()) as { reference: string };
    const { context, page, errors } = await newPage();
    await lookUp(page, 'en', reference, 'xss@example.org');
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('main img').count()).toBe(0);
    const summary = (await page.textContent('.summary')) ?? '';
    expect(summary).toContain(html);
    expect(summary).toContain(rtl);
    expect(summary).toContain('😷🧤');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the donation pages and other sites', () => {
  test('a form posted from another site is refused, by the page and by the API', async () => {
    for (const target of ['/es/donate/', '/api/offers']) {
      const res = await fetch(`${baseURL}${target}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' },
        body: 'organization.name=x',
      });
      expect(res.status, target).toBe(403);
    }
  });

  test('pages that take personal data are never cached or framed', async () => {
    for (const page of ['/ja/donate/', '/ja/donate/thanks/?ref=TX-2345-6789', '/ja/donate/status/']) {
      const res = await fetch(`${baseURL}${page}`);
      expect(res.status, page).toBe(200);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  test('only the form page loads a script', async () => {
    const { context, page } = await newPage();
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
    await page.goto(`${baseURL}/en/donate/status/`);
    await page.goto(`${baseURL}/en/donate/thanks/?ref=TX-2345-6789`);
    expect(scripts).toEqual([]);
    await page.goto(`${baseURL}/en/donate/`);
    expect(scripts).toHaveLength(1);
    // The API description's field hints (src/lib/field-rules.ts, `describing`) stay on the server.
    const script = await (await fetch(`${baseURL}${scripts[0]}`)).text();
    expect(script).toContain('goodsOrCash');
    expect(script).not.toMatch(/x-required|maxLength|ISO 3166-1/);
    await context.close();
  });

  test('an unknown language prefix is the 404 page', async () => {
    const res = await fetch(`${baseURL}/xx/donate/`);
    expect(res.status).toBe(404);
  });
});
