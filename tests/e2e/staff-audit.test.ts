import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { runStaffCommand } from '../helpers/staff-cli';
import { axeViolations, launchBrowser, screenshot, watchConsole } from './browser';

// The audit log page in Debian's Chromium against the built site: an admin works on an
// offer, exports, and finds each step in the log, in Chinese and English, on a phone;
// a reviewer is told the page is for admins. No donor's words appear anywhere on it.

const baseURL = inject('baseURL');
const dataDir = inject('dataDir');
let browser: Browser;

const ADMIN = { email: 'audit-page-admin@example.org', password: 'audit page admin password' };
const REVIEWER = { email: 'audit-page-reviewer@example.org', password: 'audit page reviewer password' };
const donor = {
  locale: 'en',
  organization: { name: 'Brannigan-Oyelaran Household', country: 'IE', city: 'Ballyvaughan', kind: 'individual' },
  contact: { name: 'Ifeoluwa Brannigan-Oyelaran', email: 'ifeoluwa.brannigan@mail.example', phone: '+353 87 555 0199' },
  goods: [{ item: 'thermometer', quantity: 40 }],
  notes: 'Ifeoluwa is home after five.',
  consent: { dataProcessing: true, thankPublicly: false },
};
const DONOR_WORDS = ['Ifeoluwa', 'Brannigan', 'Oyelaran', 'Ballyvaughan', '555 0199', '5550199'];
let reference = '';

async function addStaff(email: string, role: 'admin' | 'reviewer', password: string) {
  await fetch(`${baseURL}/api/health`);
  const { code, out } = await runStaffCommand(dataDir, ['add', email, '--role', role, '--password-stdin'], `${password}\n`);
  expect(code, out).toBe(0);
}

async function signIn(page: Page, lng: string, who: { email: string; password: string }) {
  await page.goto(`${baseURL}/staff/${lng}/login/`);
  await page.fill('#login-email', who.email);
  await page.fill('#login-password', who.password);
  await page.click('#login-form button[type=submit]');
  await page.waitForURL(new RegExp(`/staff/${lng}/$`));
}

/** The action labels of the entries on the page, top to bottom. */
async function actionsShown(page: Page): Promise<string[]> {
  await page.locator('#audit-summary:not(:text("…"))').waitFor();
  return page.locator('#audit-list .audit-action').allTextContents();
}

async function expectNoDonorWords(page: Page) {
  const text = (await page.textContent('body')) ?? '';
  for (const word of DONOR_WORDS) expect(text).not.toContain(word);
}

beforeAll(async () => {
  browser = await launchBrowser();
  await addStaff(ADMIN.email, 'admin', ADMIN.password);
  await addStaff(REVIEWER.email, 'reviewer', REVIEWER.password);
  const res = await fetch(`${baseURL}/api/offers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseURL },
    body: JSON.stringify(donor),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  reference = ((await res.json()) as { reference: string }).reference;
});
afterAll(() => browser?.close());

describe('the audit log, for an admin', () => {
  test('shows what the admin just did, newest first, filters it, and downloads it, in zh and en on a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signIn(page, 'en', ADMIN);
    expect(await page.locator('.staff-nav a[href="/staff/en/audit/"]').isVisible()).toBe(true);

    // Read the offer, move it on with the buttons, then export the offers.
    await page.goto(`${baseURL}/staff/en/offer/?ref=${reference}`);
    await page.locator('#offer').waitFor();
    await page.click('#transition-buttons button[data-to="under_review"]');
    await page.locator('#transition-form').waitFor();
    await page.click('#transition-submit');
    await expect.poll(() => page.getAttribute('#offer-status', 'class')).toContain('status-under_review');
    const exported = await page.request.get(`${baseURL}/api/staff/export.csv?lang=en`);
    expect(exported.status()).toBe(200);

    await page.click('.staff-nav a[href="/staff/en/audit/"]');
    await page.waitForURL(/\/staff\/en\/audit\/$/);
    expect((await actionsShown(page)).slice(0, 3)).toEqual(['Offers exported', 'Status changed', 'Offer read']);
    const transition = page.locator('#audit-list li', { hasText: 'Status changed' }).first();
    expect(await transition.textContent()).toContain(ADMIN.email);
    expect(await transition.locator('dl').textContent()).toContain('Under review');
    expect(await transition.locator(`a:text("${reference}")`).getAttribute('href')).toBe(`/staff/en/offer/?ref=${reference}`);
    // The accounts the command line added are there too, with the account they were about.
    expect(await page.textContent('#audit-list')).toContain('Command line');
    await expectNoDonorWords(page);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-audit-en-phone');

    // By action: the choice stays in the address and in the form.
    await page.selectOption('#a-action', 'offer.transition');
    await page.click('#audit-filters button[type=submit]');
    await page.waitForURL(/\?action=offer\.transition$/);
    expect(new Set(await actionsShown(page))).toEqual(new Set(['Status changed']));
    expect(await page.inputValue('#a-action')).toBe('offer.transition');

    // By reference, typed as staff type it.
    await page.selectOption('#a-action', '');
    await page.fill('#a-reference', reference.toLowerCase().replace(/-/g, ' '));
    await page.click('#audit-filters button[type=submit]');
    await page.waitForURL(/\?reference=/);
    expect(await actionsShown(page)).toEqual(['Status changed', 'Offer read']);

    // A reference that cannot be one is said next to its field.
    await page.fill('#a-reference', 'TX-0000');
    await page.click('#audit-filters button[type=submit]');
    await expect.poll(() => page.locator('#a-reference').getAttribute('aria-invalid')).toBe('true');
    expect(await page.inputValue('#a-reference')).toBe('TX-0000');

    // The CSV of what the filters match, headings in the page's language.
    await page.goto(`${baseURL}/staff/en/audit/?reference=${reference}`);
    await actionsShown(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#audit-csv')]);
    expect(download.suggestedFilename()).toMatch(/^tongxin-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv.startsWith('\uFEFFWhen (UTC),Who,Action code,Action,Offer reference,Account,Details\r\n')).toBe(true);
    expect(csv).toContain(`,${ADMIN.email},offer.transition,Status changed,${reference},,from=submitted; to=under_review;`);
    for (const word of DONOR_WORDS) expect(csv).not.toContain(word);

    // In Chinese, with what was just downloaded at the top.
    await page.goto(`${baseURL}/staff/zh/audit/`);
    expect((await actionsShown(page))[0]).toBe('下载审计日志');
    expect(await page.textContent('#audit-list')).toContain('更改状态');
    await expectNoDonorWords(page);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-audit-zh-phone');
    // The refused reference above is the only error the browser saw.
    expect(errors.filter((e) => !/422/.test(e))).toEqual([]);
    await context.close();
  });
});

describe('the audit log, for a reviewer', () => {
  test('has no navigation link, and the page says it is for admins', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signIn(page, 'zh', REVIEWER);
    await page.locator('#staff-user:not([hidden])').waitFor();
    expect(await page.locator('.staff-nav a[href="/staff/zh/audit/"]').isVisible()).toBe(false);
    await page.goto(`${baseURL}/staff/zh/audit/`);
    await page.locator('#audit-admins-only:not([hidden])').waitFor();
    expect(await page.textContent('#audit-admins-only')).toContain('只有管理员');
    expect(await page.locator('#audit-workspace').isHidden()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-audit-reviewer-zh-phone');
    await page.goto(`${baseURL}/staff/en/audit/`);
    await page.locator('#audit-admins-only:not([hidden])').waitFor();
    expect(await page.textContent('#audit-admins-only')).toContain('Only administrators');
    expect(errors).toEqual([]);
    await context.close();
  });
});
