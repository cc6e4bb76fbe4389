import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { hashPassword } from '../../functions/auth/password';
import { listAudit } from '../../functions/db/audit';
import { offers, outbox } from '../../functions/db/schema';
import { createStaff } from '../../functions/db/staff';
import type { MailDeps } from '../../functions/env';
import { createDeliverer } from '../../functions/mail/deliverer';
import { smtpTransport } from '../../functions/mail/transport';
import { testApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { goodsOffer, postJson } from '../helpers/offers';
import { findInDatabase } from '../helpers/personal-data';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { addStaffMember, ORIGIN, signIn } from '../helpers/staff';

// Sending held or failed mail again from the outbox (issue 15): the rule
// (functions/mail/resend-rule.ts), its refusals, the race, and what the audit log keeps.

const PASSWORD = 'staff password for resend tests';
const FROM = 'Tongxin <noreply@tongxin.example>';
const DONOR_WORDS = ['Lin Haining', 'lin@example.org', 'Avellaneda', 'Cajas de 50'];

let database: TestDatabase;
let smtp: TestSmtpServer;
const cookies = { reviewer: '', admin: '' };
let mustChange = '';
let kick = vi.fn();

/** The app with an SMTP server configured (`smtp: true`) or without one, as a deployment runs it. */
function appWith(smtp: boolean) {
  const mail: MailDeps | undefined = smtp ? { sending: true, siteUrl: 'https://tongxin.example', kick } : undefined;
  return testApp(database, { limits: { offersPerHour: 10_000, lookupsPerHour: 10_000 }, ...(mail ? { mail } : {}) });
}

beforeAll(async () => {
  [database, smtp] = await Promise.all([createTestDatabase(), startSmtpServer()]);
  const app = appWith(false);
  for (const role of ['reviewer', 'admin'] as const) {
    await addStaffMember(database.db, `${role}@tongxin.example`, role, PASSWORD);
    cookies[role] = await signIn(app, `${role}@tongxin.example`, PASSWORD);
  }
  // A member still on a one-time password: signed in, but may do nothing else yet.
  await createStaff(database.db, {
    email: 'new@tongxin.example',
    role: 'admin',
    passwordHash: await hashPassword(PASSWORD),
    mustChangePassword: true,
  });
  mustChange = await signIn(app, 'new@tongxin.example', PASSWORD);
});
afterAll(async () => {
  await smtp.close();
  await database.destroy();
});
beforeEach(async () => {
  await database.db.delete(outbox);
  smtp.received.length = 0;
  smtp.answer({ accept: true });
  kick = vi.fn();
});

function resend(app: ReturnType<typeof appWith>, id: number | string, cookie = cookies.reviewer, headers: Record<string, string> = {}) {
  return app.request(`/api/staff/outbox/${id}/resend`, { method: 'POST', headers: { cookie, origin: ORIGIN, ...headers } });
}

interface Message {
  id: number;
  kind: string;
  to: string;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  subject: string;
  text: string;
  canResend: boolean;
  resendRefusal: string | null;
}

async function outboxOf(app: ReturnType<typeof appWith>): Promise<Message[]> {
  const res = await app.request('/api/staff/outbox', { headers: { cookie: cookies.reviewer } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Message[] }).items;
}

/** Submits the usual offer; without SMTP its three staff notifications are held. */
async function submit(app: ReturnType<typeof appWith>): Promise<string> {
  const res = await postJson(app, '/offers', goodsOffer());
  expect(res.status).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

/** The message to `to` about the newest offer. */
async function messageTo(to: string): Promise<{ id: number; status: string }> {
  const [row] = await database.db.select().from(outbox).where(eq(outbox.recipient, to)).orderBy(outbox.id);
  if (!row) throw new Error(`No message to ${to}`);
  return row;
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; status?: string; fields?: { path: string }[] } }).error;
}

describe('sending a message again', () => {
  test('a held message is queued again once SMTP is configured, and the deliverer sends it now', async () => {
    const reference = await submit(appWith(false));
    const held = await messageTo('admin@tongxin.example');
    expect(held.status).toBe('held');
    // Without SMTP, the page is told why it cannot, and the API says the same.
    const before = (await outboxOf(appWith(false))).find((m) => m.id === held.id);
    expect(before).toMatchObject({ status: 'held', canResend: false, resendRefusal: 'no_smtp' });

    const app = appWith(true);
    expect((await outboxOf(app)).find((m) => m.id === held.id)).toMatchObject({ canResend: true, resendRefusal: null });
    const res = await resend(app, held.id);
    expect(res.status).toBe(200);
    const answer = (await res.json()) as Message;
    expect(answer).toMatchObject({
      id: held.id,
      status: 'pending',
      attempts: 0,
      lastError: null,
      canResend: false,
      resendRefusal: 'status',
    });
    expect(answer.subject).toContain(reference);
    expect(kick).toHaveBeenCalledTimes(1);
    // Only this one: the other staff member's copy stays held.
    expect((await messageTo('reviewer@tongxin.example')).status).toBe('held');

    const deliverer = createDeliverer({ db: database.db, transport: await smtpTransport(smtp.url), from: FROM });
    expect(await deliverer.drain()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to)).toEqual([['admin@tongxin.example']]);
    expect(smtp.received[0]?.parsed.subject).toContain(reference);
  });

  test('a failed message is queued again with its attempts and error cleared', async () => {
    const app = appWith(true);
    await submit(app);
    // The server refuses the recipients for good: each of the three staff members' messages fails at once.
    smtp.answer({ code: 550, message: 'No such mailbox' });
    const deliverer = createDeliverer({ db: database.db, transport: await smtpTransport(smtp.url), from: FROM });
    expect(await deliverer.drain()).toMatchObject({ failed: 3 });
    const failed = await messageTo('reviewer@tongxin.example');
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await outboxOf(app)).find((m) => m.id === failed.id)).toMatchObject({ canResend: true, resendRefusal: null });

    smtp.answer({ accept: true });
    const res = await resend(app, failed.id, cookies.admin);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
    const [row] = await database.db.select().from(outbox).where(eq(outbox.id, failed.id));
    expect(row?.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await deliverer.drain()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received.map((m) => m.to)).toEqual([['reviewer@tongxin.example']]);
  });

  test('a pending or sent message is refused with 409, saying where it is now', async () => {
    const app = appWith(true);
    await submit(app);
    const pending = await messageTo('admin@tongxin.example');
    const res = await resend(app, pending.id);
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({ code: 'message_not_resendable', status: 'pending' });

    await createDeliverer({ db: database.db, transport: await smtpTransport(smtp.url), from: FROM }).drain();
    const sent = await resend(app, pending.id, cookies.reviewer, { 'accept-language': 'zh-CN' });
    expect(sent.status).toBe(409);
    const error = await errorOf(sent);
    expect(error).toMatchObject({ code: 'message_not_resendable', status: 'sent' });
    expect(error.message).toContain('已经发出');
    expect(smtp.received).toHaveLength(3); // one per staff member, each once
    expect(kick).toHaveBeenCalledTimes(1); // the submission's, not a refused resend's
  });

  test('of two staff sending the same message again at once, one queues it and the other is told it is pending', async () => {
    await submit(appWith(false));
    const held = await messageTo('admin@tongxin.example');
    const app = appWith(true);
    const answers = await Promise.all([resend(app, held.id, cookies.reviewer), resend(app, held.id, cookies.admin)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = answers.find((r) => r.status === 409) as Response;
    expect(await errorOf(refused)).toMatchObject({ code: 'message_not_resendable', status: 'pending' });
    expect(kick).toHaveBeenCalledTimes(1);
    expect((await listAudit(database.db)).filter((a) => a.action === 'outbox.resend' && a.details.messageId === held.id)).toHaveLength(1);
  });

  test('a held message without SMTP is refused: there is nothing to send it with', async () => {
    await submit(appWith(false));
    const held = await messageTo('admin@tongxin.example');
    const res = await resend(appWith(false), held.id, cookies.reviewer, { 'accept-language': 'en' });
    expect(res.status).toBe(409);
    const error = await errorOf(res);
    expect(error.code).toBe('smtp_not_configured');
    expect(error.message).toContain('No mail server is configured');
    expect((await messageTo('admin@tongxin.example')).status).toBe('held');
  });
});

describe('mail about an erased offer', () => {
  test('is gone with the offer’s personal data: its id is not found', async () => {
    const reference = await submit(appWith(false));
    const held = await messageTo('admin@tongxin.example');
    const erased = await appWith(true).request(`/api/staff/offers/${reference}/erase`, {
      method: 'POST',
      headers: { cookie: cookies.admin, origin: ORIGIN, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(erased.status).toBe(200);
    const res = await resend(appWith(true), held.id);
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe('message_not_found');
  });

  test('written after the erasure (by older code) is shown as such and refused with 409', async () => {
    const reference = await submit(appWith(false));
    const [offer] = await database.db.select({ id: offers.id }).from(offers).where(eq(offers.reference, reference));
    await database.db
      .update(offers)
      .set({ erasedAt: new Date() })
      .where(eq(offers.id, offer?.id as string));
    const held = await messageTo('admin@tongxin.example');
    const app = appWith(true);
    expect((await outboxOf(app)).find((m) => m.id === held.id)).toMatchObject({ canResend: false, resendRefusal: 'erased' });
    const res = await resend(app, held.id, cookies.reviewer, { 'accept-language': 'zh-CN' });
    expect(res.status).toBe(409);
    const error = await errorOf(res);
    expect(error.code).toBe('message_offer_erased');
    expect(error.message).toContain('已删除个人数据');
    expect((await messageTo('admin@tongxin.example')).status).toBe('held');
    expect(kick).not.toHaveBeenCalled();
  });
});

describe('who may send mail again, and how', () => {
  test('without a session: 401; from another site’s page: 403; before choosing a password: 403', async () => {
    await submit(appWith(false));
    const held = await messageTo('admin@tongxin.example');
    const app = appWith(true);
    const anonymous = await app.request(`/api/staff/outbox/${held.id}/resend`, { method: 'POST', headers: { origin: ORIGIN } });
    expect(anonymous.status).toBe(401);
    const crossSite = await resend(app, held.id, cookies.admin, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect((await errorOf(crossSite)).code).toBe('forbidden_origin');
    const formPost = await resend(app, held.id, cookies.admin, {
      origin: 'https://evil.example',
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(formPost.status).toBe(403);
    const oneTime = await resend(app, held.id, mustChange);
    expect(oneTime.status).toBe(403);
    expect((await errorOf(oneTime)).code).toBe('password_change_required');
    expect((await messageTo('admin@tongxin.example')).status).toBe('held');
    expect(kick).not.toHaveBeenCalled();
  });

  test('an id that is not a message’s is a 422; one no message has is a localized 404', async () => {
    const app = appWith(true);
    for (const id of ['abc', '0', '-1', '1e3', '1.5', '9999999999999999']) {
      const res = await resend(app, id);
      expect(res.status, id).toBe(422);
      expect((await errorOf(res)).fields?.map((f) => f.path)).toEqual(['id']);
    }
    const missing = await resend(app, 987_654, cookies.reviewer, { 'accept-language': 'en' });
    expect(missing.status).toBe(404);
    const error = await errorOf(missing);
    expect(error.code).toBe('message_not_found');
    expect(error.message).toContain('No such message');
  });
});

describe('the audit log', () => {
  test('records who sent which message again, its kind and previous status, and none of the donor’s words', async () => {
    const withoutSmtp = appWith(false);
    const reference = await submit(withoutSmtp);
    // A step the donor sees: a message to the donor, held like the staff ones.
    const moved = await withoutSmtp.request(`/api/staff/offers/${reference}/transitions`, {
      method: 'POST',
      headers: { cookie: cookies.reviewer, origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'under_review', visibleToDonor: true }),
    });
    expect(moved.status).toBe(200);
    const toDonor = await messageTo('lin@example.org');
    expect(toDonor.status).toBe('held');
    // Each word is really stored (in the message's params), so the search below could find it.
    expect((await findInDatabase(database.db, DONOR_WORDS)).length).toBeGreaterThan(0);

    expect((await resend(appWith(true), toDonor.id, cookies.admin)).status).toBe(200);
    const entries = (await listAudit(database.db, { subject: reference })).filter((a) => a.action === 'outbox.resend');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorKind: 'staff',
      subject: reference,
      details: { messageId: toDonor.id, kind: 'donor_status', previousStatus: 'held' },
    });
    expect(entries[0]?.actorId).toBeTruthy();
    expect(await findInDatabase(database.db, [...DONOR_WORDS, 'lin@example'], ['audit_log'])).toEqual([]);
  });
});
