import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBackground } from '../../functions/background';
import { sweepExpired } from '../../functions/db/housekeeping';
import { IDEMPOTENCY_KEY_HOURS } from '../../functions/db/offers';
import { idempotencyKeys, outbox, rateLimits } from '../../functions/db/schema';
import { createSession, createStaff } from '../../functions/db/staff';
import { staffSessions } from '../../functions/db/staff-schema';
import { createDeliverer } from '../../functions/mail/deliverer';
import { smtpTransport } from '../../functions/mail/transport';
import { testApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { goodsOffer, mixedOffer, postJson } from '../helpers/offers';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let database: TestDatabase;
let smtp: TestSmtpServer;
let clock = Date.now();
const now = () => clock;
const app = () => testApp(database, { now, limits: { offersPerHour: 10_000, lookupsPerHour: 10_000 } });

beforeAll(async () => {
  [database, smtp] = await Promise.all([createTestDatabase(), startSmtpServer()]);
});
afterAll(async () => {
  await smtp.close();
  await database.destroy();
});

async function submitWithKey(key: string, payload: object = goodsOffer()) {
  const res = await postJson(app(), '/offers', payload, { headers: { 'Idempotency-Key': key } });
  expect(res.status).toBe(201);
  return {
    reference: ((await res.json()) as { reference: string }).reference,
    replayed: res.headers.get('idempotent-replayed') === 'true',
  };
}

describe('Idempotency-Key lifetime', () => {
  test(`a repeat within ${IDEMPOTENCY_KEY_HOURS} hours returns the first reference`, async () => {
    const key = crypto.randomUUID();
    const first = await submitWithKey(key);
    clock += 23 * HOUR;
    expect(await submitWithKey(key)).toEqual({ reference: first.reference, replayed: true });
  });

  test('after 24 hours the key is unknown, though its row is still there: the offer is new', async () => {
    const key = crypto.randomUUID();
    const first = await submitWithKey(key);
    clock += DAY;
    const rows = await database.db.select().from(idempotencyKeys);
    expect(rows.some((r) => r.key === key)).toBe(true);
    const second = await submitWithKey(key);
    expect(second.replayed).toBe(false);
    expect(second.reference).not.toBe(first.reference);
    // The key now belongs to the new offer, for its own 24 hours.
    clock += HOUR;
    expect(await submitWithKey(key)).toEqual({ reference: second.reference, replayed: true });
  });

  test('an expired key may be used for a different offer (no 422)', async () => {
    const key = crypto.randomUUID();
    await submitWithKey(key, goodsOffer());
    const conflict = await postJson(app(), '/offers', mixedOffer(), { headers: { 'Idempotency-Key': key } });
    expect(conflict.status).toBe(422);
    clock += DAY + 1;
    expect((await submitWithKey(key, mixedOffer())).replayed).toBe(false);
  });
});

describe('the sweep', () => {
  test('deletes expired keys, old rate-limit windows, long-ended sessions and old finished mail; keeps the rest', async () => {
    await database.db.delete(idempotencyKeys);
    await database.db.delete(outbox);
    const t = clock;
    await submitWithKey(crypto.randomUUID());
    clock = t + 20 * HOUR;
    const freshKey = crypto.randomUUID();
    await submitWithKey(freshKey);
    clock = t + DAY + HOUR; // the first key is 25 hours old, the second 5

    await database.db.insert(rateLimits).values([
      { bucket: 'offers:old', windowStart: new Date(clock - DAY - HOUR), hits: 3 },
      { bucket: 'offers:recent', windowStart: new Date(clock - 2 * HOUR), hits: 3 },
    ]);
    const member = await createStaff(database.db, {
      email: `sweep-${crypto.randomUUID()}@tongxin.example`,
      role: 'reviewer',
      passwordHash: 'x',
      mustChangePassword: false,
    });
    const session = (idHash: string, expiresAt: number, revokedAt?: number) =>
      database.db.insert(staffSessions).values({
        idHash,
        staffId: member.id,
        expiresAt: new Date(expiresAt),
        ...(revokedAt ? { revokedAt: new Date(revokedAt) } : {}),
      });
    await session('expired-31-days-ago', clock - 31 * DAY);
    await session('revoked-31-days-ago', clock - 30 * DAY, clock - 31 * DAY);
    await session('expired-29-days-ago', clock - 29 * DAY);
    await createSession(database.db, { idHash: 'live', staffId: member.id, now: new Date(clock) });
    const mail = (status: 'sent' | 'failed' | 'held' | 'pending', ageDays: number) => ({
      kind: 'staff_new_offer' as const,
      recipient: 'desk@tongxin.example',
      subject: `${status} ${ageDays}`,
      bodyText: '…',
      status,
      createdAt: new Date(clock - ageDays * DAY),
    });
    await database.db
      .insert(outbox)
      .values([mail('sent', 31), mail('failed', 31), mail('held', 31), mail('pending', 31), mail('sent', 29), mail('held', 29)]);

    expect(await sweepExpired(database.db, new Date(clock))).toEqual({
      idempotencyKeys: 1,
      rateLimits: 1,
      staffSessions: 2,
      outbox: 3,
      erased: 0,
    });

    const keys = (await database.db.select().from(idempotencyKeys)).map((k) => k.key);
    expect(keys).toEqual([freshKey]);
    expect((await database.db.select().from(rateLimits)).map((r) => r.bucket)).not.toContain('offers:old');
    expect((await database.db.select().from(rateLimits)).map((r) => r.bucket)).toContain('offers:recent');
    expect((await database.db.select().from(staffSessions)).map((s) => s.idHash).sort()).toEqual(['expired-29-days-ago', 'live']);
    expect((await database.db.select().from(outbox)).map((m) => m.subject).sort()).toEqual(['held 29', 'pending 31', 'sent 29']);
  });
});

describe('background work', () => {
  test('a kick delivers new mail in a run handed to waitUntil (Vercel keeps the function alive for it)', async () => {
    await database.db.delete(outbox);
    const deliverer = createDeliverer({ db: database.db, transport: await smtpTransport(smtp.url), from: 'noreply@tongxin.example', now });
    let handed: Promise<unknown> | undefined;
    const background = createBackground({
      db: database.db,
      deliverer,
      now,
      waitUntil: (p) => {
        handed = p;
      },
    });
    const res = await postJson(
      testApp(database, { now, mail: { sending: true, staffRecipients: ['desk@tongxin.example'], kick: background.kick } }),
      '/offers',
      goodsOffer(),
    );
    expect(res.status).toBe(201);
    expect(smtp.received).toHaveLength(0);
    expect(handed).toBeDefined();
    await handed;
    expect(smtp.received.map((m) => m.to)).toEqual([['desk@tongxin.example']]);
  });

  test('GET /api/cron needs the secret, then delivers and sweeps', async () => {
    const background = createBackground({ db: database.db, now });
    const withCron = testApp(database, { now, cron: { secret: 'cron-secret-0123456789', run: () => background.run({ sweep: true }) } });
    expect((await withCron.request('/api/cron')).status).toBe(401);
    expect((await withCron.request('/api/cron', { headers: { authorization: 'Bearer wrong-secret-0123456789' } })).status).toBe(401);
    const res = await withCron.request('/api/cron', { headers: { authorization: 'Bearer cron-secret-0123456789' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sent: 0, retrying: 0, failed: 0, swept: { idempotencyKeys: expect.any(Number) } });
    // Without CRON_SECRET there is no such route.
    expect((await app().request('/api/cron', { headers: { authorization: 'Bearer cron-secret-0123456789' } })).status).toBe(404);
  });
});
