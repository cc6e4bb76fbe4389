import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listAudit } from '../../functions/db/audit';
import { testApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { postJson } from '../helpers/offers';
import { findInDatabase } from '../helpers/personal-data';
import { addStaffMember, ORIGIN, signIn } from '../helpers/staff';

// The audit log is append-only and outlives every erasure: it records who did what and
// when, and never what a donor wrote (docs/decisions/080-erasure-and-retention.md).

let database: TestDatabase;
let app: ReturnType<typeof testApp>;
const cookies = { admin: '', reviewer: '' };
const PASSWORD = 'staff password for audit tests';

beforeAll(async () => {
  database = await createTestDatabase();
  app = testApp(database, { limits: { offersPerHour: 10_000, lookupsPerHour: 10_000 }, mail: { sending: false } });
  for (const role of ['admin', 'reviewer'] as const) {
    await addStaffMember(database.db, `audit-${role}@tongxin.example`, role, PASSWORD);
    cookies[role] = await signIn(app, `audit-${role}@tongxin.example`, PASSWORD);
  }
});
afterAll(() => database.destroy());

function as(role: keyof typeof cookies, path: string, body?: object) {
  return app.request(`/api/staff${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { cookie: cookies[role], origin: ORIGIN, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

async function ok(res: Response | Promise<Response>, status = 200) {
  const answer = await res;
  expect(answer.status, await answer.clone().text()).toBe(status);
  return answer;
}

/** A donor whose every word is easy to find again. */
const donor = {
  locale: 'en',
  organization: { name: 'Okonkwo-Liang Family', country: 'GB', city: 'Aberystwyth', kind: 'individual' },
  contact: {
    name: 'Adaeze Okonkwo-Liang',
    role: 'Adaeze herself',
    email: 'adaeze.okonkwoliang@mail.example',
    phone: '+44 7400 123456',
    wechat: 'adaeze_wx_2020',
    whatsapp: 'adaeze_wa_2020',
    line: 'adaeze_line_2020',
  },
  goods: [{ item: 'other', name: 'Adaeze’s sewing-club masks', quantity: 120, standard: 'Sewn by Adaeze' }],
  recipient: 'organisers_decide',
  location: '14 Terrace Road, Aberystwyth',
  delivery: 'pickup_needed',
  notes: 'Ring Adaeze before noon.',
  consent: { dataProcessing: true, thankPublicly: true },
};
const DONOR_WORDS = ['Adaeze', 'Okonkwo', 'okonkwoliang', 'Aberystwyth', 'Terrace Road', '7400123456', 'sewing-club'];
const STAFF_WORDS = ['Told Adaeze we can pick it up on Friday.', 'Adaeze prefers WhatsApp.'];

describe('the audit log after a whole workflow', () => {
  test('holds none of the donor’s words: submit, search, export by email, read, reasons, notes, outbox, erase', async () => {
    const submitted = await ok(postJson(app, '/offers', donor, { headers: { 'Idempotency-Key': crypto.randomUUID() } }), 201);
    const { reference } = (await submitted.json()) as { reference: string };

    const search = await ok(as('reviewer', `/offers?q=${encodeURIComponent(donor.contact.email)}`));
    expect(((await search.json()) as { items: { reference: string }[] }).items.map((i) => i.reference)).toEqual([reference]);
    for (const format of ['csv', 'json']) {
      const exported = await ok(
        as('admin', `/export.${format}?q=${encodeURIComponent(donor.contact.email)}&status=submitted,under_review`),
      );
      expect(await exported.text()).toContain(donor.contact.email);
    }
    await ok(as('reviewer', `/offers/${reference}`));
    await ok(as('reviewer', `/offers/${reference}/transitions`, { to: 'under_review', visibleToDonor: true, reason: STAFF_WORDS[0] }));
    await ok(as('reviewer', `/offers/${reference}/notes`, { body: STAFF_WORDS[1] }), 201);
    await ok(as('reviewer', '/outbox'));
    // Each word is really stored somewhere, as written: the search below would find it.
    const stored = new Set((await findInDatabase(database.db, [...DONOR_WORDS, ...STAFF_WORDS])).map((f) => f.needle));
    expect([...stored].sort()).toEqual([...DONOR_WORDS, ...STAFF_WORDS].sort());
    await ok(as('admin', `/offers/${reference}/erase`, {}));

    // Every step left its entry…
    const actions = (await listAudit(database.db)).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['offers.export', 'offer.read', 'offer.transition', 'offer.note', 'outbox.read', 'offer.erase']),
    );
    // …and none holds a word of the donor's, or of what staff wrote about them.
    expect(await findInDatabase(database.db, [...DONOR_WORDS, ...STAFF_WORDS], ['audit_log'])).toEqual([]);
  });

  test('an export records which filters were used, and only that a search text was given', async () => {
    await ok(as('admin', `/export.json?q=${encodeURIComponent('someone@mail.example')}&country=GB&from=2020-01-01`));
    const [entry] = (await listAudit(database.db)).filter((a) => a.action === 'offers.export');
    expect(entry?.details).toEqual({ format: 'json', filters: { q: true, country: 'GB', from: '2020-01-01' }, rows: 0 });
  });
});

describe('reads of personal data are audited', () => {
  test('reading an offer’s whole record records who, which offer and when', async () => {
    const res = await ok(postJson(app, '/offers', { ...donor, goods: [], cash: { amount: '10', currency: 'GBP' } }), 201);
    const { reference } = (await res.json()) as { reference: string };
    const before = Date.now();
    await ok(as('reviewer', `/offers/${reference.toLowerCase()}`));
    const reads = (await listAudit(database.db, { subject: reference })).filter((a) => a.action === 'offer.read');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ actorKind: 'staff', subject: reference, details: {} });
    expect(reads[0]?.actorId).toBeTruthy();
    expect(reads[0]?.at.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  test('an offer that does not exist is a 404 and no read', async () => {
    expect((await as('reviewer', '/offers/TX-2222-2222')).status).toBe(404);
    expect(await listAudit(database.db, { subject: 'TX-2222-2222' })).toEqual([]);
  });

  test('reading the outbox records who read which page', async () => {
    await ok(as('admin', '/outbox?page=2'));
    const [entry] = (await listAudit(database.db)).filter((a) => a.action === 'outbox.read');
    expect(entry).toMatchObject({ actorKind: 'staff', subject: null, details: { page: 2 } });
  });
});
