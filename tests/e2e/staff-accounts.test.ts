import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { removeDataDir, type SelfHost, startSelfHost } from '../helpers/self-host';
import { runStaffCommand } from '../helpers/staff-cli';
import { axeViolations, launchBrowser, screenshot, watchConsole } from './browser';

// The admins' accounts page in Debian's Chromium, on a phone-sized screen, against the
// self-hosted build with a data folder of its own (so that it knows how many admins there
// are): an admin adds a reviewer, who signs in with the one-time password and must choose
// their own; the admin disables them and their open session ends; the last admin cannot be
// disabled; a reviewer cannot reach the page.

const PHONE = { width: 360, height: 800 };
const BOSS = { email: 'boss@example.org', password: 'the only admin here, for now' };
const HELPER_PASSWORD = 'a password of my own choosing';

let server: SelfHost;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function phone(): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
  contexts.push(context);
  return context.newPage();
}

async function signIn(page: Page, lng: string, email: string, password: string) {
  await page.goto(`${server.baseURL}/staff/${lng}/login/`);
  await page.fill('#login-email', email);
  await page.fill('#login-password', password);
  await page.click('#login-form button[type=submit]');
}

/** The card of one account on the page. */
const card = (page: Page, email: string) => page.locator('.account-item', { has: page.locator('h3', { hasText: email }) });

beforeAll(async () => {
  server = await startSelfHost();
  const { code, out } = await runStaffCommand(
    server.dataDir,
    ['add', BOSS.email, '--role', 'admin', '--password-stdin'],
    `${BOSS.password}\n`,
  );
  expect(code, out).toBe(0);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
  if (server) removeDataDir(server.dataDir);
});

describe('the accounts page', () => {
  let admin: Page;
  let reviewer: Page;
  let oneTimePassword = '';

  test('an admin finds it in the navigation and adds a reviewer, who gets a one-time password shown once', async () => {
    admin = await phone();
    const errors = watchConsole(admin);
    await signIn(admin, 'en', BOSS.email, BOSS.password);
    await admin.waitForURL(/\/staff\/en\/$/);
    await admin.getByRole('link', { name: 'Accounts' }).click();
    await admin.waitForURL(/\/staff\/en\/accounts\/$/);
    await expect.poll(() => admin.textContent('#accounts-summary')).toBe('1 account');
    expect(await card(admin, BOSS.email).textContent()).toContain('(you)');

    // A bad address is said next to the field, in English, and nothing is added.
    await admin.fill('#add-email', 'not an address');
    await admin.click('#add-form button[type=submit]');
    await expect.poll(() => admin.textContent('#add-email-error')).toContain('name@example.org');

    await admin.fill('#add-email', 'Helper@Example.org');
    await admin.selectOption('#add-role', 'reviewer');
    await admin.click('#add-form button[type=submit]');
    await admin.locator('#one-time:not([hidden])').waitFor();
    oneTimePassword = (await admin.textContent('#one-time-password')) ?? '';
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(12);
    expect(await admin.textContent('#one-time-title')).toContain('helper@example.org');
    await expect.poll(() => admin.textContent('#accounts-summary')).toBe('2 accounts');
    expect(await card(admin, 'helper@example.org').textContent()).toContain('must choose a password');
    expect(await axeViolations(admin)).toEqual([]);
    await screenshot(admin, 'staff-accounts-en');
    // Passed on: it leaves the page, and a reload does not bring it back.
    await admin.click('#one-time-done');
    expect(await admin.isHidden('#one-time')).toBe(true);
    await admin.reload();
    await expect.poll(() => admin.textContent('#accounts-summary')).toBe('2 accounts');
    expect(await admin.content()).not.toContain(oneTimePassword);
    // The same address again: said next to the field.
    await admin.fill('#add-email', 'helper@example.org');
    await admin.click('#add-form button[type=submit]');
    await expect.poll(() => admin.textContent('#add-email-error')).toContain('already exists');
    expect(errors.filter((e) => !/422|409/.test(e))).toEqual([]);
  });

  test('the reviewer signs in with it, must choose their own password, and cannot reach the accounts page', async () => {
    reviewer = await phone();
    await signIn(reviewer, 'en', 'helper@example.org', oneTimePassword);
    await reviewer.waitForURL(/\/staff\/en\/password\//);
    await reviewer.fill('#pw-currentPassword', oneTimePassword);
    await reviewer.fill('#pw-newPassword', HELPER_PASSWORD);
    await reviewer.fill('#pw-confirmPassword', HELPER_PASSWORD);
    await reviewer.click('#password-form button[type=submit]');
    await reviewer.waitForURL(/\/staff\/en\/$/);
    await reviewer.locator('#staff-user:not([hidden])').waitFor();
    expect(await reviewer.getByRole('link', { name: 'Accounts' }).count()).toBe(0);
    await reviewer.goto(`${server.baseURL}/staff/en/accounts/`);
    await reviewer.locator('#accounts-denied:not([hidden])').waitFor();
    expect(await reviewer.isHidden('#accounts-body')).toBe(true);
    expect(await reviewer.textContent('#accounts-denied')).toContain('Only admins');
    expect(await axeViolations(reviewer)).toEqual([]);
    const api = await reviewer.request.get(`${server.baseURL}/api/staff/accounts`);
    expect(api.status()).toBe(403);
  });

  test('the admin disables the reviewer, whose open session ends at once', async () => {
    await admin.reload();
    admin.once('dialog', (dialog) => dialog.accept());
    await card(admin, 'helper@example.org').getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => admin.textContent('#staff-announce')).toContain('helper@example.org is disabled');
    expect(await card(admin, 'helper@example.org').textContent()).toContain('Disabled since');
    // The reviewer's next step finds the session gone.
    await reviewer.goto(`${server.baseURL}/staff/en/`);
    await reviewer.waitForURL(/\/staff\/en\/login\//);
    await signIn(reviewer, 'en', 'helper@example.org', HELPER_PASSWORD);
    await expect.poll(() => reviewer.textContent('#login-errors'), { timeout: 10_000 }).toBeTruthy();
    expect(reviewer.url()).toContain('/login/');
  });

  test('the last admin cannot be disabled or made a reviewer; the page says why, in the admin’s language', async () => {
    await admin.goto(`${server.baseURL}/staff/zh/accounts/`);
    await expect.poll(() => admin.textContent('#accounts-summary')).toBe('共 2 个账号');
    admin.once('dialog', (dialog) => dialog.accept());
    await card(admin, BOSS.email).getByRole('button', { name: '停用' }).click();
    await expect.poll(() => admin.textContent('#staff-announce')).toContain('最后一个启用中的管理员账号');
    const boss = card(admin, BOSS.email);
    await boss.getByLabel('职务').selectOption('reviewer');
    await boss.getByRole('button', { name: '更改职务' }).click();
    await expect.poll(() => admin.textContent('#staff-announce')).toContain('最后一个启用中的管理员账号');
    await admin.reload();
    await expect.poll(() => card(admin, BOSS.email).textContent()).toContain('启用中');
    expect(await card(admin, BOSS.email).textContent()).toContain('管理员');
    expect(await axeViolations(admin)).toEqual([]);
    await screenshot(admin, 'staff-accounts-zh');
  });

  test('re-enabled, the reviewer signs in again; made admin, they see the page', async () => {
    await card(admin, 'helper@example.org').getByRole('button', { name: '重新启用' }).click();
    await expect.poll(() => admin.textContent('#staff-announce')).toContain('可以重新登录了');
    const helper = card(admin, 'helper@example.org');
    await helper.getByLabel('职务').selectOption('admin');
    await helper.getByRole('button', { name: '更改职务' }).click();
    await expect.poll(() => admin.textContent('#staff-announce')).toContain('管理员');
    await signIn(reviewer, 'en', 'helper@example.org', HELPER_PASSWORD);
    await reviewer.waitForURL(/\/staff\/en\/$/);
    await reviewer.getByRole('link', { name: 'Accounts' }).click();
    await expect.poll(() => reviewer.textContent('#accounts-summary')).toBe('2 accounts');
  });

  test('the audit page shows each of these steps, newest first, and never the one-time password', async () => {
    await admin.goto(`${server.baseURL}/staff/en/audit/`);
    await admin.locator('#audit-list .audit-entry').first().waitFor();
    const text = (await admin.textContent('#audit-list')) ?? '';
    const order = ['Role changed', 'Account enabled', 'Account disabled', 'Password changed', 'Account added'].map((label) => {
      const at = text.indexOf(label);
      expect(at, label).toBeGreaterThanOrEqual(0);
      return at;
    });
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('helper@example.org');
    expect(await admin.content()).not.toContain(oneTimePassword);
    expect(await admin.content()).not.toContain(HELPER_PASSWORD);
    expect(await axeViolations(admin)).toEqual([]);
  });
});
