import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { staffLocales } from '../../src/i18n/staff';
import { runStaffCommand } from '../helpers/staff-cli';
import { axeViolations, launchBrowser, screenshot, watchConsole } from './browser';

// The staff workspace in Debian's Chromium against the built site: sign in, move an
// offer through the workflow with the buttons, and see the public totals change.

const baseURL = inject('baseURL');
const dataDir = inject('dataDir');
let browser: Browser;

/** `npm run staff` against the running server; with `password`, no one-time password is made. */
async function addStaff(email: string, role: 'admin' | 'reviewer', password?: string): Promise<string> {
  await fetch(`${baseURL}/api/health`);
  const args = ['add', email, '--role', role, ...(password ? ['--password-stdin'] : [])];
  const { code, out } = await runStaffCommand(dataDir, args, password ? `${password}\n` : undefined);
  expect(code, out).toBe(0);
  return password ?? (/One-time password: (\S+)/.exec(out)?.[1] as string);
}

async function submitOffer(body: object): Promise<string> {
  const res = await fetch(`${baseURL}/api/offers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseURL },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

async function signIn(page: Page, lng: string, email: string, password: string) {
  await page.goto(`${baseURL}/staff/${lng}/login/`);
  await page.fill('#login-email', email);
  await page.fill('#login-password', password);
  await page.click('#login-form button[type=submit]');
}

async function totalsFor(item: string): Promise<number> {
  const totals = (await (await fetch(`${baseURL}/api/totals`)).json()) as { goods: { item: string; quantity: number }[] };
  return totals.goods.find((g) => g.item === item)?.quantity ?? 0;
}

let context: BrowserContext;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const ADMIN = { email: 'desk-admin@example.org', password: 'correct horse battery staple' };

describe('signing in', () => {
  test('/staff/ opens the workspace in the staff member’s language', async () => {
    for (const [accept, lng] of [
      ['en-GB,en;q=0.8', 'en'],
      ['ja-JP', 'zh'],
      ['zh-CN', 'zh'],
    ] as const) {
      const res = await fetch(`${baseURL}/staff/`, { headers: { 'accept-language': accept }, redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(`/staff/${lng}/`);
    }
  });

  test('workspace pages may not be framed or cached, and exist only in the staff languages', async () => {
    for (const rest of ['login/', '', 'offer/?ref=TX-AAAA-AAAA', 'outbox/', 'password/']) {
      const res = await fetch(`${baseURL}/staff/en/${rest}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('cache-control')).toContain('no-store');
    }
    expect((await fetch(`${baseURL}/staff/es/`)).status).toBe(404);
    expect((await fetch(`${baseURL}/staff/ja/login/`)).status).toBe(404);
  });

  test('a wrong password gets the generic message in the page’s language; a first sign-in must choose a password', async () => {
    const once = await addStaff('first-login@example.org', 'reviewer');
    context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${baseURL}/staff/zh/`);
    await page.waitForURL(/\/staff\/zh\/login\/\?next=/);
    await page.fill('#login-email', 'first-login@example.org');
    await page.fill('#login-password', 'not the password');
    await page.click('#login-form button[type=submit]');
    // The answer waits for a password hash (600,000 PBKDF2 rounds): give a loaded machine more than the default second.
    await expect.poll(() => page.textContent('#login-errors'), { timeout: 10_000 }).toContain('邮箱或密码不正确');
    expect(await page.inputValue('#login-password')).toBe('');

    await page.fill('#login-password', once);
    await page.click('#login-form button[type=submit]');
    await page.waitForURL(/\/staff\/zh\/password\//);
    await page.locator('#password-required').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-password-zh');
    // Two different new passwords: said next to the field, nothing sent.
    await page.fill('#pw-currentPassword', once);
    await page.fill('#pw-newPassword', 'my own long password');
    await page.fill('#pw-confirmPassword', 'my own long passwort');
    await page.click('#password-form button[type=submit]');
    await expect.poll(() => page.textContent('#pw-confirmPassword-error')).toContain('不一致');
    // Too short: the API's own 422, in Chinese, next to the field.
    await page.fill('#pw-newPassword', 'short');
    await page.fill('#pw-confirmPassword', 'short');
    await page.click('#password-form button[type=submit]');
    await expect.poll(() => page.locator('#pw-newPassword').getAttribute('aria-invalid')).toBe('true');
    await page.fill('#pw-newPassword', 'my own long password');
    await page.fill('#pw-confirmPassword', 'my own long password');
    await page.click('#password-form button[type=submit]');
    await page.waitForURL(/\/staff\/zh\/$/);
    await page.locator('#offers-table, #list-summary').first().waitFor();
    // The failed sign-in and the refused password are the only errors the browser saw.
    expect(errors.filter((e) => !/401|422/.test(e))).toEqual([]);
    await context.close();
  });
});

describe('an offer from submitted to received, with the buttons', () => {
  test('each step is one button and a short form; the transparency page shows what arrived', async () => {
    await addStaff(ADMIN.email, 'admin', ADMIN.password);
    const reference = await submitOffer({
      locale: 'en',
      organization: { name: 'Fujianese Association of Wellington', country: 'NZ', city: 'Wellington', kind: 'hometown_association' },
      contact: { name: 'Wu Lei', email: 'wu@example.org' },
      goods: [
        { item: 'oxygen_concentrator', quantity: 12 },
        { item: 'thermometer', quantity: 300 },
      ],
      consent: { dataProcessing: true, thankPublicly: true },
    });
    const oxygenBefore = await totalsFor('oxygen_concentrator');

    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await signIn(page, 'en', ADMIN.email, ADMIN.password);
    await page.waitForURL(/\/staff\/en\/$/);
    // Find it by searching for its reference, as staff do when a donor calls.
    await page.fill('#f-q', reference);
    await page.click('#filters button[type=submit]');
    await page.waitForURL(/\?q=/);
    await page.locator(`#offers-body a:text("${reference}")`).waitFor();
    expect(await page.locator('#offers-body tr').count()).toBe(1);
    expect(await page.locator('#exports').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-list-en');
    await page.click(`#offers-body a:text("${reference}")`);
    await page.waitForURL(/\/staff\/en\/offer\/\?ref=/);
    await page.locator('#offer').waitFor();
    expect(await page.textContent('#offer-details')).toContain('wu@example.org');
    expect(await axeViolations(page)).toEqual([]);

    const step = async (to: string, fill?: () => Promise<void>) => {
      await page.click(`#transition-buttons button[data-to="${to}"]`);
      await page.locator('#transition-form').waitFor();
      await fill?.();
      await page.click('#transition-submit');
      await expect.poll(() => page.getAttribute('#offer-status', 'class')).toContain(`status-${to}`);
    };
    await step('under_review');
    // Declining needs a reason: the form says so before anything is sent.
    await page.click('#transition-buttons button[data-to="declined"]');
    await page.click('#transition-submit');
    await expect.poll(() => page.textContent('#tr-reason-error')).toContain('reason');
    expect(await page.getAttribute('#offer-status', 'class')).toContain('status-under_review');
    await page.click('#transition-cancel');
    await step('accepted', () => page.fill('#tr-value', '54000'));
    await step('in_transit');
    // Arrived: 10 of 12 concentrators, so a reason is required by the API.
    await page.click('#transition-buttons button[data-to="received"]');
    await page.fill('#tr-received-0', '10');
    await page.click('#transition-submit');
    await expect.poll(() => page.textContent('#tr-reason-error')).not.toBe('');
    expect(await page.getAttribute('#tr-reason', 'aria-invalid')).toBe('true');
    await page.fill('#tr-reason', 'Two units were damaged in transit.');
    await page.click('#transition-submit');
    await expect.poll(() => page.getAttribute('#offer-status', 'class')).toContain('status-received');
    expect(await page.textContent('#history-body')).toContain('Two units were damaged in transit.');
    expect(await page.textContent('#history-body')).toContain(ADMIN.email);
    expect(await page.textContent('#offer-details')).toContain('CN¥54,000.00');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-offer-received-en');

    expect(await totalsFor('oxygen_concentrator')).toBe(oxygenBefore + 10);
    await page.goto(`${baseURL}/en/transparency/`);
    await page.locator('#totals').waitFor();
    expect(await page.textContent('#totals-goods')).toContain(`${oxygenBefore + 10} units`);
    expect(await page.textContent('#totals-thanked')).toContain('Fujianese Association of Wellington');

    // No SMTP server in this run: the mail the steps produced waits in the outbox, readable by staff.
    await page.goto(`${baseURL}/staff/en/outbox/`);
    await page.locator('#outbox-list li').first().waitFor();
    const outbox = (await page.textContent('#outbox-list')) ?? '';
    expect(outbox).toContain(reference);
    expect(outbox).toContain('wu@example.org');
    expect(await page.textContent('#outbox-mode')).toContain('No mail server is configured');
    await page.locator('#outbox-list details summary').first().click();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-outbox-en');
    expect(errors.filter((e) => !/422/.test(e))).toEqual([]);
    await context.close();
  });
});

describe('donor text in the staff workspace', () => {
  test('HTML and script in every donor field show as text, and no script runs', async () => {
    const html = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const reference = await submitOffer({
      locale: 'es',
      organization: { name: `${html} Org`, country: 'ES', city: `${html} City`, kind: 'other' },
      contact: { name: `${html} Name`, role: `${html} Role`, email: 'evil@example.org', wechat: `${html}` },
      goods: [{ item: 'other', name: `${html} Goods`, quantity: 5, standard: `${html}` }],
      location: `${html} Location`,
      notes: `${html} Notes`,
      consent: { dataProcessing: true },
    });
    context = await browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(page, 'en', ADMIN.email, ADMIN.password);
    await page.waitForURL(/\/staff\/en\/$/);
    await page.goto(`${baseURL}/staff/en/?q=${encodeURIComponent(reference)}`);
    await page.locator('#offers-body tr').first().waitFor();
    expect(await page.textContent('#offers-body')).toContain(`${html} Org`);
    await page.goto(`${baseURL}/staff/en/offer/?ref=${reference}`);
    await page.locator('#offer').waitFor();
    // A staff note with markup is text too.
    await page.fill('#note-body', `${html} Note`);
    await page.click('#note-form button[type=submit]');
    await expect.poll(() => page.textContent('#notes-list')).toContain(`${html} Note`);
    const details = (await page.textContent('#offer-details')) ?? '';
    for (const field of ['Org', 'City', 'Name', 'Role', 'Goods', 'Location', 'Notes']) expect(details).toContain(`${html} ${field}`);
    expect(await page.locator('#offer-details img, #offer-details script, #notes-list img, #offers-body img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await context.close();
  });
});

describe('a session that ends while a note is being written', () => {
  test('signing in again leads back to the offer, with the note still there', async () => {
    const reference = await submitOffer({
      locale: 'zh',
      organization: { name: '巴西华人协会', country: 'BR' },
      contact: { name: '王先生', email: 'wang@example.br' },
      goods: [{ item: 'surgical_mask', quantity: 20000 }],
      consent: { dataProcessing: true },
    });
    context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'zh', ADMIN.email, ADMIN.password);
    await page.waitForURL(/\/staff\/zh\/$/);
    await page.goto(`${baseURL}/staff/zh/offer/?ref=${reference}`);
    await page.locator('#offer').waitFor();
    await page.fill('#note-body', '已电话联系，对方下周寄出');
    // The session ends (8 hours passed, or an admin signed everyone out).
    await context.clearCookies();
    await page.click('#note-form button[type=submit]');
    await page.waitForURL(/\/staff\/zh\/login\/\?next=/);
    await page.fill('#login-email', ADMIN.email);
    await page.fill('#login-password', ADMIN.password);
    await page.click('#login-form button[type=submit]');
    await page.waitForURL(new RegExp(`/staff/zh/offer/\\?ref=${reference}`));
    await page.locator('#offer').waitFor();
    expect(await page.inputValue('#note-body')).toBe('已电话联系，对方下周寄出');
    await page.click('#note-form button[type=submit]');
    await expect.poll(() => page.textContent('#notes-list')).toContain('已电话联系，对方下周寄出');
    expect(await page.inputValue('#note-body')).toBe('');
    await context.close();
  });
});

describe('roles in the workspace', () => {
  test('a reviewer sees no exports and no erasure; an admin erases a donor’s personal data', async () => {
    const reviewer = { email: 'desk-reviewer@example.org', password: 'reviewer password long enough' };
    await addStaff(reviewer.email, 'reviewer', reviewer.password);
    const reference = await submitOffer({
      locale: 'ja',
      organization: { name: '大阪華僑総会', country: 'JP' },
      contact: { name: '林 さくら', email: 'sakura@example.jp' },
      goods: [{ item: 'other', name: 'さくらの手作りマスク', quantity: 200 }],
      cash: { amount: '500000', currency: 'JPY' },
      consent: { dataProcessing: true },
    });
    context = await browser.newContext();
    let page = await context.newPage();
    await signIn(page, 'zh', reviewer.email, reviewer.password);
    await page.waitForURL(/\/staff\/zh\/$/);
    await page.locator('#list-summary:not(:text("…"))').waitFor();
    expect(await page.locator('#exports').isHidden()).toBe(true);
    await page.goto(`${baseURL}/staff/zh/offer/?ref=${reference}`);
    await page.locator('#offer').waitFor();
    expect(await page.locator('#erase').isHidden()).toBe(true);
    expect(await page.textContent('#staff-user')).toContain('审核员');
    await context.close();

    context = await browser.newContext();
    page = await context.newPage();
    await signIn(page, 'zh', ADMIN.email, ADMIN.password);
    await page.waitForURL(/\/staff\/zh\/$/);
    await page.goto(`${baseURL}/staff/zh/offer/?ref=${reference}`);
    await page.locator('#offer').waitFor();
    expect(await page.textContent('#offer-details')).toContain('sakura@example.jp');
    // Not confirmed: nothing happens but a message.
    await page.click('#erase-form button[type=submit]');
    await expect.poll(() => page.textContent('#erase-confirm-error')).not.toBe('');
    await page.check('#erase-confirm');
    await page.click('#erase-form button[type=submit]');
    await page.locator('#offer-erased').waitFor();
    const details = await page.textContent('#offer-details');
    for (const gone of ['sakura@example.jp', 'さくら', '大阪華僑総会']) expect(details).not.toContain(gone);
    // No kind was given, so the donor counts as a person; the goods line keeps its item and quantity.
    expect(details).toContain('姓名已删除');
    expect(await page.textContent('#offer-details tbody th')).toBe('其他（名称已删除）');
    expect(await page.textContent('#offer-details tbody td')).toContain('200');
    expect(await page.locator('#erase').isHidden()).toBe(true);
    await context.close();
  });
});

describe('signing out everywhere', () => {
  test('the button on the password page ends the session in another browser too', async () => {
    const member = { email: 'two-browsers@example.org', password: 'two browsers password' };
    await addStaff(member.email, 'reviewer', member.password);
    const laptop = await browser.newContext();
    const phone = await browser.newContext();
    try {
      const onLaptop = await laptop.newPage();
      const onPhone = await phone.newPage();
      for (const page of [onLaptop, onPhone]) {
        await signIn(page, 'en', member.email, member.password);
        await page.waitForURL(/\/staff\/en\/$/);
      }
      await onPhone.goto(`${baseURL}/staff/en/password/`);
      await onPhone.locator('#staff-user:not([hidden])').waitFor();
      await onPhone.click('#sign-out-everywhere');
      await onPhone.waitForURL(/\/staff\/en\/login\/$/);
      // The laptop's next request finds its session ended and asks to sign in again.
      await onLaptop.goto(`${baseURL}/staff/en/`);
      await onLaptop.waitForURL(/\/staff\/en\/login\/\?next=/);
    } finally {
      await laptop.close();
      await phone.close();
    }
  });
});

describe.each(staffLocales)('the workspace pages in %s', (lng) => {
  test('pass axe, signed in and out', async () => {
    context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${baseURL}/staff/${lng}/login/`);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `staff-login-${lng}`);
    await signIn(page, lng, ADMIN.email, ADMIN.password);
    await page.waitForURL(new RegExp(`/staff/${lng}/$`));
    await page.locator('#offers-table').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `staff-list-${lng}-phone`);
    const first = await page.locator('#offers-body a').first().getAttribute('href');
    await page.goto(`${baseURL}${first}`);
    await page.locator('#offer').waitFor();
    await page.click('#transition-buttons button >> nth=0').catch(() => undefined);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, `staff-offer-${lng}-phone`);
    await page.goto(`${baseURL}/staff/${lng}/outbox/`);
    await page.locator('#outbox-list li').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${baseURL}/staff/${lng}/password/`);
    await page.locator('#staff-user').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
