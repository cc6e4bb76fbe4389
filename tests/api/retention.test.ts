import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createBackground } from '../../functions/background';
import { listAudit } from '../../functions/db/audit';
import { sweepExpired } from '../../functions/db/housekeeping';
import { findOfferForStaff } from '../../functions/db/offer-view';
import { outbox } from '../../functions/db/schema';
import { createTotalsCache, type TotalsCache } from '../../functions/totals-cache';
import { testApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { postJson } from '../helpers/offers';
import { findInDatabase } from '../helpers/personal-data';
import { addStaffMember, ORIGIN, signIn } from '../helpers/staff';

// RETENTION_DAYS: the sweep erases a donor's personal data that many days after their
// offer became final (docs/decisions/080-erasure-and-retention.md). The sweep's clock is
// injected; the offers' history is written at the database's own time.

const DAY = 86_400_000;
const RETENTION_DAYS = 730;

let database: TestDatabase;
let app: ReturnType<typeof testApp>;
let cookie = '';
const PASSWORD = 'admin password for retention tests';

let totalsCache: TotalsCache;

beforeAll(async () => {
  database = await createTestDatabase();
  // Shared by the API and the sweep, as functions/get-app.ts wires them.
  totalsCache = createTotalsCache(database.db);
  app = testApp(database, {
    limits: { offersPerHour: 10_000, lookupsPerHour: 10_000 },
    retentionDays: RETENTION_DAYS,
    totals: totalsCache,
  });
  await addStaffMember(database.db, 'retention-admin@tongxin.example', 'admin', PASSWORD);
});
// A sweep two years ahead deletes today's sessions as long expired: each test signs in anew.
beforeEach(async () => {
  cookie = await signIn(app, 'retention-admin@tongxin.example', PASSWORD);
});
afterAll(() => database.destroy());

/** Days from now, for the sweep's clock. */
const inDays = (days: number) => new Date(Date.now() + days * DAY);
const sweep = (days: number, options: Parameters<typeof sweepExpired>[2] = { retentionDays: RETENTION_DAYS }) =>
  sweepExpired(database.db, inDays(days), options);
/** The sweep as the server runs it: in the background, telling the totals when it erased. */
const backgroundSweep = async (days: number) => {
  const background = createBackground({
    db: database.db,
    now: () => inDays(days).getTime(),
    retentionDays: RETENTION_DAYS,
    onTotalsChanged: totalsCache.changed,
  });
  const report = await background.run({ sweep: true });
  return report.swept ?? { erased: Number.NaN };
};

async function submit(name: string): Promise<string> {
  const res = await postJson(app, '/offers', {
    locale: 'zh',
    organization: { name, country: 'IT', city: 'Prato', kind: 'association' },
    contact: { name: `${name} contact`, email: `${name.toLowerCase().replace(/\W/g, '')}@mail.example` },
    goods: [{ item: 'surgical_mask', quantity: 1000 }],
    consent: { dataProcessing: true, thankPublicly: true },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

async function move(reference: string, to: string, extra: object = {}, on = app) {
  const res = await on.request(`/api/staff/offers/${reference}/transitions`, {
    method: 'POST',
    headers: { cookie, origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ to, ...extra }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** An offer of `name`, moved to `status` along the workflow. */
async function offerIn(name: string, status: string, original?: string): Promise<string> {
  const reference = await submit(name);
  const path: Record<string, [string, object?][]> = {
    under_review: [['under_review']],
    declined: [['under_review'], ['declined', { reason: 'Expired stock' }]],
    withdrawn: [['withdrawn', { reason: 'Changed plans' }]],
    duplicate: [['duplicate', { reason: 'Sent twice', duplicateOf: original }]],
    received: [['under_review'], ['accepted'], ['in_transit'], ['received', { received: [{ position: 0, quantity: 1000 }] }]],
    closed: [['under_review'], ['accepted'], ['in_transit'], ['received', { received: [{ position: 0, quantity: 1000 }] }], ['closed']],
  };
  for (const [to, extra] of path[status] ?? []) await move(reference, to, extra);
  return reference;
}

async function totals() {
  const { thanked, ...rest } = (await (await app.request('/api/totals')).json()) as { thanked: { name: string }[] };
  return { rest, thanked: thanked.map((t) => t.name) };
}

const erased = async (reference: string) => {
  const offer = await findOfferForStaff(database.db, reference);
  return offer?.erasedAt !== null && offer?.contacts.length === 0;
};

describe('the retention sweep', () => {
  test(`erases offers final for more than ${RETENTION_DAYS} days, and only those, audited as the system; the totals stay`, async () => {
    const open = await offerIn('Associazione Aperta', 'under_review');
    const refs = {
      closed: await offerIn('Associazione Chiusa', 'closed'),
      declined: await offerIn('Associazione Rifiutata', 'declined'),
      withdrawn: await offerIn('Associazione Ritirata', 'withdrawn'),
      duplicate: await offerIn('Associazione Doppia', 'duplicate', open),
    };
    const received = await offerIn('Associazione Ricevuta', 'received');
    const before = await totals();

    expect((await backgroundSweep(RETENTION_DAYS - 1)).erased).toBe(0);
    expect((await backgroundSweep(RETENTION_DAYS + 1)).erased).toBe(4);

    for (const reference of Object.values(refs)) expect(await erased(reference)).toBe(true);
    // Received is not final (it is closed next), and an open offer is still being worked on.
    for (const reference of [open, received]) expect(await erased(reference)).toBe(false);
    for (const reference of Object.values(refs)) {
      const [entry] = (await listAudit(database.db, { subject: reference })).filter((a) => a.action === 'offer.erase');
      expect(entry).toMatchObject({
        actorKind: 'system',
        actorId: null,
        details: { reason: 'retention', retentionDays: RETENTION_DAYS, alreadyErased: false },
      });
    }
    const after = await totals();
    expect(after.rest).toEqual(before.rest);
    expect(after.thanked).toEqual(before.thanked.filter((name) => name !== 'Associazione Chiusa'));

    // Erased once: a later sweep leaves them alone.
    expect((await sweep(RETENTION_DAYS + 2)).erased).toBe(0);
  });

  test('erases a batch at most per sweep, oldest first; the next sweeps take the rest', async () => {
    const refs = [await offerIn('Primo', 'withdrawn'), await offerIn('Secondo', 'withdrawn'), await offerIn('Terzo', 'withdrawn')];
    expect((await sweep(RETENTION_DAYS + 1, { retentionDays: RETENTION_DAYS, retentionBatch: 2 })).erased).toBe(2);
    expect([await erased(refs[0] as string), await erased(refs[1] as string), await erased(refs[2] as string)]).toEqual([
      true,
      true,
      false,
    ]);
    expect((await sweep(RETENTION_DAYS + 1, { retentionDays: RETENTION_DAYS, retentionBatch: 2 })).erased).toBe(1);
    expect((await sweep(RETENTION_DAYS + 1, { retentionDays: RETENTION_DAYS, retentionBatch: 2 })).erased).toBe(0);
  });

  test('RETENTION_DAYS=0 keeps personal data until an admin erases it', async () => {
    const reference = await offerIn('Associazione Per Sempre', 'withdrawn');
    expect((await sweep(100 * 365, { retentionDays: 0 })).erased).toBe(0);
    expect((await sweep(100 * 365, {})).erased).toBe(0);
    expect(await erased(reference)).toBe(false);
    await sweep(RETENTION_DAYS + 1);
    expect(await erased(reference)).toBe(true);
  });

  test('takes the offer’s mail still waiting to be sent, and the donor’s name in its params with it', async () => {
    // With SMTP, the donor's mail waits as `pending`, which the outbox's own 30-day sweep leaves alone: only the erasure takes it.
    const mailing = testApp(database, { limits: { offersPerHour: 10_000, lookupsPerHour: 10_000 }, mail: { sending: true } });
    const final = await submit('Associazione Postale');
    const open = await submit('Associazione Aperta Postale');
    await move(final, 'withdrawn', { reason: 'Changed plans', visibleToDonor: true }, mailing);
    await move(open, 'under_review', { visibleToDonor: true }, mailing);
    const waiting = async () =>
      (await database.db.select().from(outbox))
        .filter((m) => m.status === 'pending')
        .map((m) => (m.params as { contactName: string }).contactName);
    expect(await waiting()).toEqual(['Associazione Postale contact', 'Associazione Aperta Postale contact']);

    await sweep(RETENTION_DAYS + 1);
    expect(await erased(final)).toBe(true);
    expect(await findInDatabase(database.db, ['Associazione Postale contact'], ['outbox'])).toEqual([]);
    expect(await waiting()).toEqual(['Associazione Aperta Postale contact']);
  });

  test('the background run, and so /api/cron, sweeps with the configured RETENTION_DAYS', async () => {
    const reference = await offerIn('Associazione Cron', 'declined');
    let clock = Date.now();
    const background = createBackground({ db: database.db, now: () => clock, retentionDays: RETENTION_DAYS });
    const cron = testApp(database, { cron: { secret: 'cron-secret-0123456789', run: () => background.run({ sweep: true }) } });
    const call = async () =>
      (await (await cron.request('/api/cron', { headers: { authorization: 'Bearer cron-secret-0123456789' } })).json()) as {
        swept: { erased: number };
      };
    expect((await call()).swept.erased).toBe(0);
    clock += (RETENTION_DAYS + 1) * DAY;
    expect((await call()).swept.erased).toBe(1);
    expect(await erased(reference)).toBe(true);
  });
});

describe('staff see when retention will erase an offer', () => {
  const detail = async (reference: string, on = app) =>
    (await (await on.request(`/api/staff/offers/${reference}`, { headers: { cookie } })).json()) as {
      retentionEndsAt: string | null;
      history: { status: string; createdAt: string }[];
    };

  test(`a final offer: ${RETENTION_DAYS} days after the change that made it final; an open or erased one, or no retention: never`, async () => {
    const final = await offerIn('Associazione Finale', 'withdrawn');
    const open = await offerIn('Associazione Aperta Due', 'under_review');
    const view = await detail(final);
    const withdrawnAt = view.history.find((e) => e.status === 'withdrawn')?.createdAt as string;
    expect(view.retentionEndsAt).toBe(new Date(Date.parse(withdrawnAt) + RETENTION_DAYS * DAY).toISOString());
    expect((await detail(open)).retentionEndsAt).toBeNull();
    expect((await detail(final, testApp(database, {}))).retentionEndsAt).toBeNull();
    const erasure = await app.request(`/api/staff/offers/${final}/erase`, { method: 'POST', headers: { cookie, origin: ORIGIN } });
    expect(erasure.status).toBe(200);
    expect((await detail(final)).retentionEndsAt).toBeNull();
  });
});
