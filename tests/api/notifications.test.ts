import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { hashPassword } from '../../functions/auth/password';
import { findOfferForDonor } from '../../functions/db/offers';
import { claimNextMessage } from '../../functions/db/outbox';
import { outbox } from '../../functions/db/schema';
import { createStaff, disableStaff } from '../../functions/db/staff';
import type { MailDeps } from '../../functions/env';
import { createDeliverer, LEASE_MS, MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../../functions/mail/deliverer';
import { donorStatusMail, type MailText, staffNewOfferMail } from '../../functions/mail/messages';
import { smtpTransport } from '../../functions/mail/transport';
import { locales } from '../../src/i18n/config';
import { testApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { goodsOffer, mixedOffer, postJson, yenCashOffer } from '../helpers/offers';
import { closedSmtpUrl, startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { ORIGIN, signIn } from '../helpers/staff';

const PASSWORD = 'staff password for mail tests';
const FROM = 'Tongxin <noreply@tongxin.example>';
const SITE = 'https://tongxin.example';
const MINUTE = 60_000;

let database: TestDatabase;
let smtp: TestSmtpServer;
let clock = Date.now();
const now = () => clock;

beforeAll(async () => {
  [database, smtp] = await Promise.all([createTestDatabase(), startSmtpServer()]);
  const passwordHash = await hashPassword(PASSWORD);
  for (const [email, role] of [
    ['reviewer@tongxin.example', 'reviewer'],
    ['admin@tongxin.example', 'admin'],
    ['gone@tongxin.example', 'reviewer'],
  ] as const) {
    await createStaff(database.db, { email, role, passwordHash, mustChangePassword: false });
  }
  await disableStaff(database.db, { email: 'gone@tongxin.example' });
});
afterAll(async () => {
  await smtp.close();
  await database.destroy();
});
beforeEach(async () => {
  await database.db.delete(outbox);
  smtp.received.length = 0;
  smtp.answer({ accept: true });
});

function appWith(mail: MailDeps | undefined) {
  return testApp(database, { now, limits: { offersPerHour: 10_000, lookupsPerHour: 10_000 }, ...(mail ? { mail } : {}) });
}

async function deliverer(url = smtp.url) {
  return createDeliverer({ db: database.db, transport: await smtpTransport(url), from: FROM, now });
}

/** Sessions by email, with the clock time they began: sign-ins are throttled, and sessions last 8 hours. */
const sessions = new Map<string, { cookie: string; at: number }>();

async function login(app: ReturnType<typeof appWith>, email: string): Promise<string> {
  const known = sessions.get(email);
  if (known && clock - known.at < 7 * 60 * MINUTE) return known.cookie;
  const cookie = await signIn(app, email, PASSWORD);
  sessions.set(email, { cookie, at: clock });
  return cookie;
}

async function submit(app: ReturnType<typeof appWith>, payload: object, headers: Record<string, string> = {}): Promise<string> {
  const res = await postJson(app, '/offers', payload, { headers });
  expect(res.status).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

function move(app: ReturnType<typeof appWith>, cookie: string, reference: string, body: object) {
  return app.request(`/api/staff/offers/${reference}/transitions`, {
    method: 'POST',
    headers: { cookie, origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const rows = () => database.db.select().from(outbox).orderBy(outbox.id);

/** A Japanese donor who gave an email address. */
function japaneseOfferWithEmail() {
  return { ...yenCashOffer(), contact: { name: '陳 美玲', email: 'chen@example.jp', phone: '090-1234-5678' } };
}

describe('mail to staff when an offer arrives', () => {
  test('each active staff member gets a bilingual mail with the reference and a link to the offer', async () => {
    const kick = vi.fn();
    const app = appWith({ sending: true, siteUrl: SITE, kick });
    const ref = await submit(app, goodsOffer());
    // The request only queued the mail, and asked for delivery after its commit.
    expect(kick).toHaveBeenCalledTimes(1);
    expect(smtp.received).toHaveLength(0);
    const queued = await rows();
    expect(queued.map((r) => [r.recipient, r.kind, r.status])).toEqual([
      ['admin@tongxin.example', 'staff_new_offer', 'pending'],
      ['reviewer@tongxin.example', 'staff_new_offer', 'pending'],
    ]);
    // The request stored the facts, not the words: those are written when the message goes.
    for (const r of queued) {
      expect(r).toMatchObject({ subject: null, bodyText: null });
      expect(r.params).toMatchObject({
        reference: ref,
        locale: 'es',
        organization: { name: 'Asociación de Fujian en Argentina', country: 'AR' },
        siteUrl: SITE,
      });
      // Only what the mail names: not the contact, the notes or the location.
      expect(JSON.stringify(r.params)).not.toMatch(/Lin Haining|lin@example\.org|Avellaneda|Cajas/);
    }

    expect(await (await deliverer()).drain()).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to).sort()).toEqual([['admin@tongxin.example'], ['reviewer@tongxin.example']]);
    const mail = smtp.received[0];
    expect(mail?.from).toBe('noreply@tongxin.example');
    expect(mail?.parsed.subject).toBe(`新的捐赠意向 / New donation offer · ${ref}`);
    const text = mail?.parsed.text ?? '';
    expect(text).toContain('收到一份新的捐赠意向，请尽快审核。');
    expect(text).toContain('A new donation offer has arrived and is waiting for review.');
    expect(text).toContain(`编号：${ref}`);
    expect(text).toContain('团体：Asociación de Fujian en Argentina（阿根廷）');
    expect(text).toContain('Organisation: Asociación de Fujian en Argentina (Argentina)');
    expect(text).toContain(`${SITE}/staff/zh/offer/?ref=${ref}`);
    expect(mail?.parsed.headers.get('auto-submitted')).toBe('auto-generated');

    const sent = await rows();
    expect(sent.every((r) => r.status === 'sent' && r.attempts === 1 && r.sentAt !== null && r.lastError === null)).toBe(true);
    // What was sent is kept in the params' place: the row says what the donor's data became, once.
    expect(sent.map((r) => [r.subject, r.bodyText?.includes(`编号：${ref}`), r.params])).toEqual([
      [mail?.parsed.subject, true, null],
      [mail?.parsed.subject, true, null],
    ]);
  });

  test('STAFF_NOTIFY_EMAILS replaces the staff list', async () => {
    const app = appWith({ sending: true, staffRecipients: ['desk@tongxin.example'] });
    await submit(app, goodsOffer());
    expect((await rows()).map((r) => r.recipient)).toEqual(['desk@tongxin.example']);
  });

  test('without SITE_URL the mail says where to look instead of linking', async () => {
    const app = appWith({ sending: true, staffRecipients: ['desk@tongxin.example'] });
    await submit(app, goodsOffer());
    expect((await rows())[0]?.params).not.toHaveProperty('siteUrl');
    await (await deliverer()).drain();
    const text = smtp.received[0]?.parsed.text;
    expect(text).toContain('请登录工作台，按编号查找这份捐赠。');
    expect(text).not.toContain('http');
  });

  test('a repeated submission with the same Idempotency-Key queues no second mail and asks for no delivery', async () => {
    const kick = vi.fn();
    const app = appWith({ sending: true, staffRecipients: ['desk@tongxin.example'], kick });
    const headers = { 'Idempotency-Key': crypto.randomUUID() };
    const first = await submit(app, goodsOffer(), headers);
    expect(await submit(app, goodsOffer(), headers)).toBe(first);
    expect(await rows()).toHaveLength(1);
    expect(kick).toHaveBeenCalledTimes(1);
  });
});

describe('mail to the donor when staff change what the donor sees', () => {
  test('a Japanese donor gets the new status, the note and the status page link in Japanese', async () => {
    const app = appWith({ sending: true, siteUrl: SITE, staffRecipients: ['desk@tongxin.example'] });
    const cookie = await login(app, 'reviewer@tongxin.example');
    const ref = await submit(app, japaneseOfferWithEmail());
    const res = await move(app, cookie, ref, { to: 'under_review', visibleToDonor: true, reason: '振込の予定日を教えてください。' });
    expect(res.status).toBe(200);

    await (await deliverer()).drain();
    const mail = smtp.received.find((m) => m.to.includes('chen@example.jp'));
    expect(mail?.parsed.subject).toBe(`お申し出 ${ref} の状況：確認中`);
    const text = mail?.parsed.text ?? '';
    expect(text).toContain('陳 美玲 様');
    expect(text).toContain(`ご登録いただいた寄付のお申し出（受付番号 ${ref}）の状況が更新されました。`);
    expect(text).toContain('現在の状況：確認中');
    expect(text).toContain('担当者からのメッセージ：\n振込の予定日を教えてください。');
    expect(text).toContain(`${SITE}/ja/donate/status/?ref=${ref}`);
    expect(text).toContain('同心戦疫 ボランティアチーム');
  });

  test('a Traditional Chinese donor reads Traditional Chinese, with a link to the zh-Hant status page', async () => {
    const app = appWith({ sending: true, siteUrl: SITE, staffRecipients: ['desk@tongxin.example'] });
    const cookie = await login(app, 'reviewer@tongxin.example');
    const ref = await submit(app, { ...goodsOffer(), locale: 'zh-Hant' });
    await move(app, cookie, ref, { to: 'under_review', visibleToDonor: true, reason: '請告訴我們預計寄出的日期。' });
    await (await deliverer()).drain();
    const mail = smtp.received.find((m) => m.to.includes('lin@example.org') && m.parsed.subject?.includes(ref));
    expect(mail?.parsed.subject).toBe(`您的捐贈 ${ref}：正在審核`);
    expect(mail?.parsed.text).toContain('Lin Haining，您好：');
    expect(mail?.parsed.text).toContain('目前狀態：正在審核');
    expect(mail?.parsed.text).toContain('工作人員的說明：\n請告訴我們預計寄出的日期。');
    expect(mail?.parsed.text).toContain(`${SITE}/zh-Hant/donate/status/?ref=${ref}`);
  });

  test('a Spanish donor reads Spanish, and the subject holds nothing but the reference and the status', async () => {
    const app = appWith({ sending: true, staffRecipients: ['desk@tongxin.example'] });
    const cookie = await login(app, 'reviewer@tongxin.example');
    const ref = await submit(app, goodsOffer());
    await move(app, cookie, ref, { to: 'under_review', visibleToDonor: true });
    const donor = (await rows()).find((r) => r.kind === 'donor_status');
    expect(donor?.recipient).toBe('lin@example.org');
    expect(donor).toMatchObject({
      subject: null,
      bodyText: null,
      params: { reference: ref, locale: 'es', status: 'under_review', note: null, contactName: 'Lin Haining' },
    });
    // The address is the row's recipient, not one of the facts.
    expect(JSON.stringify(donor?.params)).not.toContain('lin@example.org');
    await (await deliverer()).drain();
    const mail = smtp.received.find((m) => m.to.includes('lin@example.org'));
    expect(mail?.parsed.subject).toBe(`Su oferta ${ref}: En estudio`);
    expect(mail?.parsed.text).toContain('Estimado/a Lin Haining:');
    expect(mail?.parsed.text).not.toContain('Nota de nuestro equipo');
  });

  test('a change the donor does not see sends nothing', async () => {
    const kick = vi.fn();
    const app = appWith({ sending: true, staffRecipients: ['desk@tongxin.example'], kick });
    const cookie = await login(app, 'reviewer@tongxin.example');
    const ref = await submit(app, japaneseOfferWithEmail());
    kick.mockClear();
    expect((await move(app, cookie, ref, { to: 'under_review', visibleToDonor: false, reason: 'internal' })).status).toBe(200);
    expect((await rows()).filter((r) => r.kind === 'donor_status')).toEqual([]);
    expect(kick).not.toHaveBeenCalled();
  });

  test('a donor who gave only a phone number gets no mail', async () => {
    const app = appWith({ sending: true, staffRecipients: ['desk@tongxin.example'] });
    const cookie = await login(app, 'reviewer@tongxin.example');
    const ref = await submit(app, yenCashOffer());
    expect((await move(app, cookie, ref, { to: 'under_review', visibleToDonor: true })).status).toBe(200);
    expect((await rows()).filter((r) => r.kind === 'donor_status')).toEqual([]);
  });

  test('erasing an offer deletes its mail, and an erased offer gets no more', async () => {
    const app = appWith({ sending: true, staffRecipients: ['desk@tongxin.example'] });
    const cookie = await login(app, 'admin@tongxin.example');
    const ref = await submit(app, japaneseOfferWithEmail());
    await move(app, cookie, ref, { to: 'under_review', visibleToDonor: true });
    expect(await rows()).toHaveLength(2);
    const erased = await app.request(`/api/staff/offers/${ref}/erase`, { method: 'POST', headers: { cookie, origin: ORIGIN } });
    expect(erased.status).toBe(200);
    expect(await rows()).toEqual([]);
    expect((await move(app, cookie, ref, { to: 'accepted', visibleToDonor: true })).status).toBe(200);
    expect(await rows()).toEqual([]);
  });
});

describe('mail is written when it is delivered', () => {
  /** The mail the request used to write, from the offer as stored: what a delivered message must still say, word for word. */
  async function writtenBefore(ref: string, locale: (typeof locales)[number], note: string): Promise<Record<string, MailText>> {
    const offer = await findOfferForDonor(database.db, ref);
    if (!offer) throw new Error(`no offer ${ref}`);
    const { organization, goods, cash } = offer;
    return {
      'desk@tongxin.example': staffNewOfferMail({ reference: ref, locale, organization, goods, cash }, SITE),
      'hong@example.ph': donorStatusMail({ reference: ref, locale, status: 'under_review', note, contactName: '洪先生' }, SITE),
    };
  }

  test.each(locales)('an offer in %s: staff and donor get the same words the request used to write', async (locale) => {
    const app = appWith({ sending: true, siteUrl: SITE, staffRecipients: ['desk@tongxin.example'] });
    const cookie = await login(app, 'reviewer@tongxin.example');
    const ref = await submit(app, { ...mixedOffer(), locale, contact: { name: '洪先生', email: 'hong@example.ph' } });
    const note = '请提供发票 / Please send the invoice.';
    expect((await move(app, cookie, ref, { to: 'under_review', visibleToDonor: true, reason: note })).status).toBe(200);
    expect((await rows()).map((r) => [r.recipient, r.subject, r.bodyText])).toEqual([
      ['desk@tongxin.example', null, null],
      ['hong@example.ph', null, null],
    ]);

    const expected = await writtenBefore(ref, locale, note);
    expect(await (await deliverer()).drain()).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(2);
    for (const mail of smtp.received) {
      const want = expected[mail.to[0] ?? ''];
      expect(mail.parsed.subject).toBe(want?.subject);
      expect(mail.parsed.text).toBe(want?.text);
    }
    expect((await rows()).map((r) => [r.recipient, r.subject, r.bodyText, r.params])).toEqual(
      Object.entries(expected).map(([to, mail]) => [to, mail.subject, mail.text, null]),
    );
  });

  test('a message queued with its text, before params, is sent as it is and kept as it was', async () => {
    const [old] = await database.db
      .insert(outbox)
      .values({
        kind: 'donor_status',
        recipient: 'lin@example.org',
        subject: 'Written in 2026',
        bodyText: 'Queued with its words.\n',
        nextAttemptAt: new Date(clock),
      })
      .returning();
    expect(old?.params).toBeNull();
    expect(await (await deliverer()).drain()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received.map((m) => [m.to, m.parsed.subject, m.parsed.text])).toEqual([
      [['lin@example.org'], 'Written in 2026', 'Queued with its words.\n'],
    ]);
    expect((await rows()).map((r) => [r.status, r.subject, r.bodyText, r.params])).toEqual([
      ['sent', 'Written in 2026', 'Queued with its words.\n', null],
    ]);
  });

  test('a message whose params cannot be written fails for good, saying why, and the next one is still delivered', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const [broken] = await database.db
      .insert(outbox)
      .values({
        kind: 'donor_status',
        recipient: 'lin@example.org',
        params: { reference: 'TX-2222-2222', locale: 'es', status: 'lost' },
        nextAttemptAt: new Date(clock),
      })
      .returning();
    clock += 1000;
    const app = appWith({ sending: true, staffRecipients: ['desk@tongxin.example'] });
    const ref = await submit(app, goodsOffer());

    expect(await (await deliverer()).drain()).toEqual({ sent: 1, retrying: 0, failed: 1 });
    expect(smtp.received.map((m) => [m.to, m.parsed.subject])).toEqual([
      [['desk@tongxin.example'], `新的捐赠意向 / New donation offer · ${ref}`],
    ]);
    const [failed] = await database.db
      .select()
      .from(outbox)
      .where(eq(outbox.id, broken?.id ?? 0));
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, subject: null, bodyText: null });
    expect(failed?.lastError).toMatch(/^Cannot write the donor_status message from its params: status: .*; contactName: /);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(new RegExp(`^\\[outbox\\] message ${broken?.id}, attempt 1: Cannot write .*\\(giving up\\)$`)),
    );
    warn.mockRestore();
  });
});

describe('delivery', () => {
  async function queueOne(): Promise<number> {
    const app = appWith({ sending: true, staffRecipients: ['desk@tongxin.example'] });
    await submit(app, goodsOffer());
    const [row] = await rows();
    return row?.id ?? 0;
  }
  const row = async (id: number) => (await database.db.select().from(outbox).where(eq(outbox.id, id)))[0];

  test('a server that answers 451 leaves the message pending with one attempt more; a later run delivers it', async () => {
    const id = await queueOne();
    smtp.answer({ code: 451, message: 'Mailbox <desk@tongxin.example> is busy, try again later' });
    const run = await deliverer();
    expect(await run.drain()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const failed = await row(id);
    expect(failed?.status).toBe('pending');
    expect(failed?.attempts).toBe(1);
    expect(failed?.lastError).toContain('451');
    // The server quoted the address; what is kept does not.
    expect(failed?.lastError).not.toContain('@');
    expect(failed?.nextAttemptAt.getTime()).toBe(clock + (RETRY_DELAYS_MS[0] as number));

    smtp.answer({ accept: true });
    expect(await run.drain()).toEqual({ sent: 0, retrying: 0, failed: 0 }); // not due yet
    clock += MINUTE;
    expect(await run.drain()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to)).toEqual([['desk@tongxin.example']]);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  test('a server that is down counts an attempt, and the message waits longer after each failure until it fails for good', async () => {
    const id = await queueOne();
    const down = await deliverer(await closedSmtpUrl());
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const report = await down.drain();
      const after = await row(id);
      expect(after?.attempts).toBe(attempt);
      if (attempt < MAX_ATTEMPTS) {
        expect(report).toEqual({ sent: 0, retrying: 1, failed: 0 });
        expect(after?.status).toBe('pending');
        expect(after?.lastError).toMatch(/ECONNECTION|ECONNREFUSED/);
        clock += RETRY_DELAYS_MS[attempt - 1] as number;
      } else {
        expect(report).toEqual({ sent: 0, retrying: 0, failed: 1 });
        expect(after?.status).toBe('failed');
      }
    }
    expect(await down.drain()).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });

  test('a recipient the server refuses for good (550) fails at once', async () => {
    const id = await queueOne();
    smtp.answer({ code: 550, message: 'No such user here' });
    expect(await (await deliverer()).drain()).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  test('two deliverers running at once send each message once', async () => {
    const app = appWith({ sending: true });
    for (let i = 0; i < 4; i++) await submit(app, goodsOffer());
    const queued = await rows();
    expect(queued).toHaveLength(8);
    const [a, b] = await Promise.all([deliverer(), deliverer()]);
    const reports = await Promise.all([a?.drain(), b?.drain()]);
    expect((reports[0]?.sent ?? 0) + (reports[1]?.sent ?? 0)).toBe(8);
    const ids = smtp.received.map((m) => m.parsed.messageId);
    expect(new Set(ids).size).toBe(8);
    expect((await rows()).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  test('a message whose deliverer died mid-send is taken again when its lease ends', async () => {
    const id = await queueOne();
    const claimed = await claimNextMessage(database.db, new Date(clock), new Date(clock + LEASE_MS));
    expect(claimed?.id).toBe(id);
    const run = await deliverer();
    expect(await run.drain()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    clock += LEASE_MS;
    expect(await run.drain()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

describe('mail and erasure', () => {
  const info = () => vi.spyOn(console, 'info').mockImplementation(() => undefined);
  const row = async (id: number) => (await database.db.select().from(outbox).where(eq(outbox.id, id)))[0];

  test('a message claimed, then erased while the SMTP conversation is under way, is not delivered', async () => {
    const log = info();
    const app = appWith({ sending: true, staffRecipients: ['desk@tongxin.example'] });
    const cookie = await login(app, 'admin@tongxin.example');
    const ref = await submit(app, japaneseOfferWithEmail());
    const [queued] = await rows();
    // The deliverer has claimed the message and given the server its envelope when the admin erases the offer.
    smtp.onNextRecipient(async () => {
      const erased = await app.request(`/api/staff/offers/${ref}/erase`, { method: 'POST', headers: { cookie, origin: ORIGIN } });
      expect(erased.status).toBe(200);
    });
    expect(await (await deliverer()).drain()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(smtp.received).toEqual([]);
    expect(await rows()).toEqual([]);
    expect(log).toHaveBeenCalledWith(`[outbox] message ${queued?.id}, attempt 1: withdrawn before sending`);
    log.mockRestore();
  });

  test('a deliverer whose lease ran out and was taken over does not send; the message goes out once', async () => {
    const log = info();
    const app = appWith({ sending: true, staffRecipients: ['desk@tongxin.example'] });
    await submit(app, goodsOffer());
    const [queued] = await rows();
    const id = queued?.id ?? 0;
    // A slow server: by the time it answers, the lease is over and another deliverer has the message.
    smtp.onNextRecipient(async () => {
      clock += LEASE_MS;
      expect((await claimNextMessage(database.db, new Date(clock), new Date(clock + LEASE_MS)))?.id).toBe(id);
    });
    const run = await deliverer();
    expect(await run.drain()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(smtp.received).toEqual([]);
    expect(await row(id)).toMatchObject({ status: 'sending', attempts: 2 });
    // The other one died too: after its lease the message is sent, once.
    clock += LEASE_MS;
    expect(await run.drain()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to)).toEqual([['desk@tongxin.example']]);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 3 });
    log.mockRestore();
  });
});

describe('GET /api/staff/outbox', () => {
  test('without an SMTP server, mail is held and staff read it there, newest first', async () => {
    const kick = vi.fn();
    const app = appWith({ sending: false, siteUrl: SITE, kick });
    const cookie = await login(app, 'reviewer@tongxin.example');
    const ref = await submit(app, japaneseOfferWithEmail());
    clock += 1000;
    await move(app, cookie, ref, { to: 'under_review', visibleToDonor: true, reason: '確認しています。' });
    expect(kick).not.toHaveBeenCalled();
    // Held mail is never sent, even by a deliverer that could; so its words are never stored, only written for staff to read.
    expect(await (await deliverer()).drain()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect((await rows()).every((r) => r.subject === null && r.bodyText === null && r.params !== null)).toBe(true);

    const res = await app.request('/api/staff/outbox', { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as {
      delivery: string;
      total: number;
      pages: number;
      items: { to: string; kind: string; status: string; subject: string; attempts: number; lastError: null; text: string }[];
    };
    expect(body).toMatchObject({ delivery: 'held', total: 3, pages: 1 });
    expect(body.items.map((i) => [i.kind, i.to, i.status])).toEqual([
      ['donor_status', 'chen@example.jp', 'held'],
      ['staff_new_offer', 'reviewer@tongxin.example', 'held'],
      ['staff_new_offer', 'admin@tongxin.example', 'held'],
    ]);
    expect(body.items[0]).toMatchObject({ subject: `お申し出 ${ref} の状況：確認中`, attempts: 0, lastError: null });
    expect(body.items[0]?.text).toBe(
      donorStatusMail({ reference: ref, locale: 'ja', status: 'under_review', note: '確認しています。', contactName: '陳 美玲' }, SITE)
        .text,
    );
    expect(body.items[1]?.text).toContain(`${SITE}/staff/zh/offer/?ref=${ref}`);
  });

  test('shows sent mail as it was sent, and a held message whose params cannot be written with the reason', async () => {
    await database.db.insert(outbox).values([
      { kind: 'donor_status', recipient: 'lin@example.org', status: 'sent', subject: 'As sent', bodyText: 'Sent words.\n' },
      { kind: 'staff_alert', recipient: 'admin@tongxin.example', status: 'held', params: { email: 'reviewer@tongxin.example' } },
    ]);
    const app = appWith({ sending: false });
    const cookie = await login(app, 'reviewer@tongxin.example');
    const body = (await (await app.request('/api/staff/outbox', { headers: { cookie } })).json()) as {
      items: { kind: string; subject: string; text: string; lastError: string | null }[];
    };
    expect(body.items.map(({ kind, subject, text }) => [kind, subject, text])).toEqual([
      ['staff_alert', '', ''],
      ['donor_status', 'As sent', 'Sent words.\n'],
    ]);
    expect(body.items[0]?.lastError).toMatch(/^Cannot write the staff_alert message from its params: failures: /);
  });

  test('pages hold 25 messages; a page past the end is empty', async () => {
    const app = appWith({ sending: false });
    const cookie = await login(app, 'reviewer@tongxin.example');
    const res = await app.request('/api/staff/outbox?page=7', { headers: { cookie } });
    expect(await res.json()).toMatchObject({ items: [], page: 7, pageSize: 25 });
  });

  test('401 without a session', async () => {
    const res = await appWith(undefined).request('/api/staff/outbox');
    expect(res.status).toBe(401);
  });

  test.each(['0', 'abc', '1.5', '-2'])('422 for page=%s', async (page) => {
    const app = appWith(undefined);
    const cookie = await login(app, 'reviewer@tongxin.example');
    const res = await app.request(`/api/staff/outbox?page=${page}`, { headers: { cookie } });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: 'validation', fields: [{ path: 'page', code: 'invalid' }] } });
  });
});
