import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openPglite } from '../../functions/db/pglite';
import { removeDataDir, type SelfHost, startSelfHost } from '../helpers/self-host';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { runStaffCommand } from '../helpers/staff-cli';
import { axeViolations, launchBrowser, screenshot, watchConsole } from './browser';
import { staffCookie } from './staff-over-http';

// Issue 15: mail held while the portal had no SMTP server is sent from the outbox page
// once one is configured, through the self-hosted server and a real SMTP server; mail
// about an erased offer is not.

const ADMIN = { email: 'outbox-admin@example.org', password: 'a long password for the outbox' };
const FROM = 'Tongxin <noreply@tongxin.example>';

let smtp: TestSmtpServer;
let server: SelfHost | undefined;
let dataDir: string;
let browser: Browser;

interface Message {
  id: number;
  subject: string;
  to: string;
  status: string;
  canResend: boolean;
  resendRefusal: string | null;
}

async function submitOffer(baseURL: string, name: string): Promise<string> {
  const res = await fetch(`${baseURL}/api/offers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseURL },
    body: JSON.stringify({
      locale: 'es',
      organization: { name, country: 'AR', kind: 'association' },
      contact: { name: 'Lin Haining', email: 'lin@example.org' },
      goods: [{ item: 'surgical_mask', quantity: 1000 }],
      consent: { dataProcessing: true },
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

async function outbox(baseURL: string, cookie: string): Promise<Message[]> {
  const res = await fetch(`${baseURL}/api/staff/outbox`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Message[] }).items;
}

const about = (messages: Message[], reference: string) => messages.find((m) => m.subject.includes(reference)) as Message;

let kept: string;
let erased: string;
/** The held message about `kept`, and the one written for `erased` after its erasure. */
let keptId: number;
let erasedId: number;

beforeAll(async () => {
  [smtp, browser] = await Promise.all([startSmtpServer(), launchBrowser()]);
  // First without SMTP: the staff notifications are held.
  server = await startSelfHost();
  dataDir = server.dataDir;
  const added = await runStaffCommand(dataDir, ['add', ADMIN.email, '--role', 'admin', '--password-stdin'], `${ADMIN.password}\n`);
  expect(added.code, added.out).toBe(0);
  kept = await submitOffer(server.baseURL, 'Asociación que espera su correo');
  erased = await submitOffer(server.baseURL, 'Asociación que pidió el borrado');
  const cookie = await staffCookie(server.baseURL, ADMIN);
  const held = await outbox(server.baseURL, cookie);
  expect(about(held, kept)).toMatchObject({ status: 'held', to: ADMIN.email, canResend: false, resendRefusal: 'no_smtp' });
  keptId = about(held, kept).id;
  const erase = await fetch(`${server.baseURL}/api/staff/offers/${erased}/erase`, {
    method: 'POST',
    headers: { cookie, origin: server.baseURL, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(erase.status).toBe(200);
  // Erasure deleted the erased offer's mail.
  expect(about(await outbox(server.baseURL, cookie), erased)).toBeUndefined();
  await server.stop();

  // A message about the erased offer written after its erasure, as an instance of older
  // code could have: the one case in which such a message is still in the outbox.
  const db = await openPglite(dataDir);
  try {
    const inserted = (await db.db.execute(sql`
      insert into outbox (kind, offer_id, recipient, params, status, next_attempt_at, created_at)
      select kind, (select id from offers where reference = ${erased}), recipient,
             jsonb_set(params, '{reference}', to_jsonb(${erased}::text)), 'held', now(), now()
      from outbox where id = ${keptId}
      returning id`)) as unknown as { rows: { id: number }[] };
    erasedId = Number(inserted.rows[0]?.id);
  } finally {
    await db.close();
  }

  // Then again on the same data folder, now with an SMTP server.
  server = await startSelfHost({ dataDir, env: { SMTP_URL: smtp.url, MAIL_FROM: FROM } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
  if (dataDir) removeDataDir(dataDir);
});

describe('the outbox page once SMTP is configured', () => {
  test('a held message is sent with its button; one about an erased offer has none, and the API refuses it', async () => {
    const baseURL = (server as SelfHost).baseURL;
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${baseURL}/staff/en/login/?next=${encodeURIComponent('/staff/en/outbox/')}`);
    await page.fill('#login-email', ADMIN.email);
    await page.fill('#login-password', ADMIN.password);
    await page.click('#login-form button[type=submit]');
    await page.waitForURL(/\/staff\/en\/outbox\/$/, { timeout: 15_000 });

    const keptItem = page.locator(`#item-${keptId}`);
    const erasedItem = page.locator(`#item-${erasedId}`);
    await keptItem.waitFor();
    await expect.poll(() => keptItem.locator('button').textContent()).toBe('Send again');
    expect(await erasedItem.locator('button').count()).toBe(0);
    expect(await erasedItem.textContent()).toContain('the offer’s personal data was erased');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-outbox-resend-en');

    // The same page in Chinese, on a phone.
    await page.goto(`${baseURL}/staff/zh/outbox/`);
    await expect.poll(() => page.locator(`#item-${keptId} button`).textContent()).toBe('重新发送');
    expect(await page.locator(`#item-${erasedId}`).textContent()).toContain('个人数据已删除');
    expect(await page.locator(`#item-${erasedId} button`).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'staff-outbox-resend-zh');

    await page.goto(`${baseURL}/staff/en/outbox/`);
    await keptItem.locator('button').waitFor();
    expect(smtp.received).toHaveLength(0);
    await keptItem.locator('button').click();
    await expect.poll(() => page.textContent('#staff-announce')).toContain('Queued again');
    // The server kicked its deliverer: the message reaches the SMTP server without waiting for the timer.
    await expect.poll(() => smtp.received.length, { timeout: 15_000 }).toBe(1);
    const [mail] = smtp.received;
    expect(mail?.to).toEqual([ADMIN.email]);
    expect(mail?.parsed.subject).toContain(kept);
    expect(mail?.parsed.text).toContain('Asociación que espera su correo');
    // The item shows its new state, with no button; after a reload, as sent.
    expect(await keptItem.locator('button').count()).toBe(0);
    await page.reload();
    await expect.poll(() => page.locator(`#item-${keptId}`).textContent()).toContain('Sent');
    expect(await page.locator(`#item-${keptId} button`).count()).toBe(0);

    const cookie = await staffCookie(baseURL, ADMIN);
    const refused = await fetch(`${baseURL}/api/staff/outbox/${erasedId}/resend`, {
      method: 'POST',
      headers: { cookie, origin: baseURL },
    });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('message_offer_erased');
    const again = await fetch(`${baseURL}/api/staff/outbox/${keptId}/resend`, { method: 'POST', headers: { cookie, origin: baseURL } });
    expect(again.status).toBe(409);
    expect(smtp.received).toHaveLength(1);

    // The audit page shows the resend, with the offer's reference, and nothing of the donor.
    await page.goto(`${baseURL}/staff/en/audit/?action=outbox.resend`);
    await page.locator('#audit-list .audit-entry').first().waitFor();
    expect(await page.locator('#audit-list .audit-entry').count()).toBe(1);
    const entry = (await page.textContent('#audit-list')) ?? '';
    expect(entry).toContain('Message sent again');
    expect(entry).toContain(kept);
    for (const donorWord of ['Asociación que espera su correo', 'Lin Haining', 'lin@example.org']) expect(entry).not.toContain(donorWord);

    expect(errors).toEqual([]);
    await context.close();
  });
});
