import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listAudit } from '../../functions/db/audit';
import { findOfferForStaff } from '../../functions/db/offer-view';
import { idempotencyKeys, outbox } from '../../functions/db/schema';
import { createDeliverer } from '../../functions/mail/deliverer';
import { testApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { goodsOffer, postJson } from '../helpers/offers';
import { findInDatabase } from '../helpers/personal-data';
import { addStaffMember, ORIGIN, signIn } from '../helpers/staff';

// What erasing a donor's personal data removes and keeps (docs/decisions/080-erasure-and-retention.md).

let database: TestDatabase;
let app: ReturnType<typeof testApp>;
let admin = '';
const PASSWORD = 'admin password for erasure tests';

beforeAll(async () => {
  database = await createTestDatabase();
  app = testApp(database, { limits: { offersPerHour: 10_000, lookupsPerHour: 10_000 }, mail: { sending: false } });
  await addStaffMember(database.db, 'erase-admin@tongxin.example', 'admin', PASSWORD);
  admin = await signIn(app, 'erase-admin@tongxin.example', PASSWORD);
});
afterAll(() => database.destroy());

/**
 * A person who gave no kind, and wrote their name into every free-text field the form
 * has: every word below that names them must be gone after erasure.
 */
function personalOffer() {
  return {
    locale: 'es',
    organization: { name: 'Zhuang Xiaoyu', country: 'ES', city: 'Valladolid' },
    contact: {
      name: 'Zhuang Xiaoyu',
      role: 'Xiaoyu, volunteer',
      email: 'xiaoyu.zhuang@mail.example',
      phone: '+34 612 345 678',
      wechat: 'zxy_wechat_77',
      whatsapp: 'zxy_whatsapp_77',
      line: 'zxy_line_77',
    },
    goods: [
      { item: 'other', name: 'Masks sewn by Xiaoyu’s family', quantity: 300, standard: 'Checked by Dr. Zhuang' },
      { item: 'surgical_mask', quantity: 5000, standard: 'EN 14683' },
    ],
    recipient: 'overseas_communities',
    location: 'Calle de Xiaoyu 12, Valladolid',
    delivery: 'donor_ships',
    notes: 'Ask for Xiaoyu at the door.',
    consent: { dataProcessing: true, thankPublicly: true },
  };
}
const PERSONAL = ['Xiaoyu', 'Zhuang', 'zxy_', 'Valladolid', '612345678', '612 345 678'];

async function submit(payload: object, headers: Record<string, string> = {}): Promise<string> {
  const res = await postJson(app, '/offers', payload, { headers });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

function staff(path: string, body?: object) {
  return app.request(`/api/staff${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { cookie: admin, origin: ORIGIN, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

async function move(reference: string, to: string, extra: object = {}) {
  const res = await staff(`/offers/${reference}/transitions`, { to, ...extra });
  expect(res.status, await res.clone().text()).toBe(200);
}

const erase = (reference: string) => staff(`/offers/${reference}/erase`, {});

/** Moves an offer to `received` with everything arriving, then `closed`. */
async function receiveAndClose(reference: string, lines: number) {
  for (const to of ['under_review', 'accepted', 'in_transit']) await move(reference, to);
  const received = Array.from({ length: lines }, (_, position) => ({ position, quantity: 100 }));
  await move(reference, 'received', { received, reason: 'Counted on arrival.' });
  await move(reference, 'closed');
}

describe('erasing an offer’s personal data', () => {
  test('leaves none of the donor’s words anywhere in the database, the outbox and idempotency keys included', async () => {
    const key = crypto.randomUUID();
    const reference = await submit(personalOffer(), { 'Idempotency-Key': key });
    await move(reference, 'under_review', { visibleToDonor: true, reason: 'Xiaoyu said the boxes are ready.' });
    expect((await staff(`/offers/${reference}/notes`, { body: 'Spoke with Zhuang Xiaoyu on the phone.' })).status).toBe(201);
    // Before: the words are there (so the search below can find them).
    expect((await findInDatabase(database.db, PERSONAL)).map((f) => f.table)).toEqual(
      expect.arrayContaining(['offers', 'offer_contacts', 'offer_goods', 'offer_events', 'offer_notes', 'outbox']),
    );
    expect((await database.db.select().from(idempotencyKeys)).map((k) => k.key)).toContain(key);
    // Held mail has no text: the donor's words are in the params it is written from, and those must go too.
    const mail = await database.db.select().from(outbox);
    expect(mail.map((m) => [m.kind, m.bodyText])).toEqual([
      ['staff_new_offer', null],
      ['donor_status', null],
    ]);
    const params = JSON.stringify(mail.map((m) => m.params));
    for (const words of ['Zhuang Xiaoyu', 'Masks sewn by Xiaoyu', 'Xiaoyu said the boxes are ready.']) expect(params).toContain(words);

    expect((await erase(reference)).status).toBe(200);

    expect(await findInDatabase(database.db, PERSONAL)).toEqual([]);
    expect((await database.db.select().from(idempotencyKeys)).map((k) => k.key)).not.toContain(key);
    expect(await database.db.select().from(outbox)).toEqual([]);
  });

  test('removes the offer’s mail whether its words were written back when it was sent or are still only in its params', async () => {
    await database.db.delete(outbox);
    const reference = await submit(personalOffer());
    await move(reference, 'under_review', { visibleToDonor: true, reason: 'Xiaoyu said the boxes are ready.' });
    // The staff message goes out (as if SMTP had been configured for it); the donor's stays held.
    await database.db.update(outbox).set({ status: 'pending' }).where(eq(outbox.kind, 'staff_new_offer'));
    const deliverer = createDeliverer({
      db: database.db,
      transport: { send: async () => 'sent' as const },
      from: 'noreply@tongxin.example',
    });
    expect(await deliverer.drain()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const mail = await database.db.select().from(outbox).orderBy(outbox.id);
    expect(mail.map((m) => [m.kind, m.status, m.bodyText?.includes('Zhuang Xiaoyu') ?? false, m.params === null])).toEqual([
      ['staff_new_offer', 'sent', true, true],
      ['donor_status', 'held', false, false],
    ]);
    expect((await findInDatabase(database.db, PERSONAL, ['outbox'])).length).toBeGreaterThan(0);

    expect((await erase(reference)).status).toBe(200);

    expect(await findInDatabase(database.db, PERSONAL)).toEqual([]);
    expect(await database.db.select().from(outbox)).toEqual([]);
  });

  test('keeps what the totals need: each line’s item, quantity and unit, a catalog standard, the amounts and the history’s steps', async () => {
    const reference = await submit({ ...personalOffer(), cash: { amount: '250.00', currency: 'EUR' } });
    await move(reference, 'under_review', { reason: 'Xiaoyu called.' });
    expect((await erase(reference)).status).toBe(200);
    const offer = await findOfferForStaff(database.db, reference);
    expect(offer).toMatchObject({
      reference,
      status: 'under_review',
      organizationName: '—',
      organizationCity: null,
      organizationCountry: 'ES',
      location: null,
      donorNotes: null,
      consentThankPublicly: false,
      cashAmountMinor: 25_000,
      cashCurrency: 'EUR',
      contacts: [],
    });
    expect(offer?.goods.map(({ item, name, quantity, unit, standard }) => ({ item, name, quantity, unit, standard }))).toEqual([
      { item: 'other', name: null, quantity: 300, unit: 'pieces', standard: null },
      { item: 'surgical_mask', name: null, quantity: 5000, unit: 'pieces', standard: 'EN 14683' },
    ]);
    expect(offer?.history.map((e) => [e.fromStatus, e.status, e.reason])).toEqual([
      [null, 'submitted', null],
      ['submitted', 'under_review', null],
    ]);
  });

  test('a missing kind counts as a person; an association keeps its name and city', async () => {
    const person = await submit(personalOffer());
    const association = await submit(goodsOffer());
    expect((await erase(person)).status).toBe(200);
    expect((await erase(association)).status).toBe(200);
    expect(await findOfferForStaff(database.db, person)).toMatchObject({ organizationName: '—', organizationCity: null });
    expect(await findOfferForStaff(database.db, association)).toMatchObject({
      organizationName: 'Asociación de Fujian en Argentina',
      organizationCity: 'Buenos Aires',
      location: null,
      contacts: [],
    });
  });

  test('erasing twice changes nothing more, keeps the first time, and is audited both times without personal data', async () => {
    const reference = await submit(personalOffer());
    expect((await erase(reference)).status).toBe(200);
    const first = await findOfferForStaff(database.db, reference);
    expect((await erase(reference)).status).toBe(200);
    expect(await findOfferForStaff(database.db, reference)).toEqual(first);
    const audit = (await listAudit(database.db, { subject: reference })).filter((a) => a.action === 'offer.erase');
    expect(audit.map((a) => a.details)).toEqual([
      { reason: 'request', alreadyErased: true },
      { reason: 'request', alreadyErased: false },
    ]);
    expect(audit.every((a) => a.actorKind === 'staff' && a.actorId)).toBe(true);
  });

  test('an unknown offer is a 404, and nothing is audited', async () => {
    expect((await erase('TX-2222-2222')).status).toBe(404);
    expect(await listAudit(database.db, { subject: 'TX-2222-2222' })).toEqual([]);
  });

  test('the public totals do not change, though two people and an association are erased', async () => {
    const people = [
      await submit({ ...personalOffer(), organization: { name: 'Wang Lei', country: 'ES', kind: 'individual' } }),
      await submit({ ...personalOffer(), organization: { name: 'Chen Jing', country: 'ES' } }),
    ];
    const association = await submit(goodsOffer());
    await receiveAndClose(people[0] as string, 2);
    await receiveAndClose(people[1] as string, 2);
    await receiveAndClose(association, 3);
    const totals = async () => {
      const res = await app.request('/api/totals');
      const { thanked, ...rest } = (await res.json()) as { thanked: { name: string }[] };
      return { rest, thanked: thanked.map((t) => t.name) };
    };
    const before = await totals();
    expect(before.thanked).toEqual(expect.arrayContaining(['Wang Lei', 'Chen Jing', 'Asociación de Fujian en Argentina']));
    for (const reference of [...people, association]) expect((await erase(reference)).status).toBe(200);
    const after = await totals();
    expect(after.rest).toEqual(before.rest);
    // Erasure withdraws the consent to be thanked by name: that is the only difference.
    expect(after.thanked).toEqual(
      before.thanked.filter((name) => !['Wang Lei', 'Chen Jing', 'Asociación de Fujian en Argentina'].includes(name)),
    );
  });
});
