import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { offerValues, shapeOf, writeOffer } from '../../functions/db/offer-statement';
import { type NewOffer, submitOffer } from '../../functions/db/offers';
import type { OutboxDraft } from '../../functions/db/outbox';
import { idempotencyKeys, offerContacts, offerGoods, offers, outbox } from '../../functions/db/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

// The kept offer statement (functions/db/offer-statement.ts): one per shape, filled with
// each offer's values; what is stored must be what was given, absent fields as NULL.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.destroy());

const bare: NewOffer = {
  locale: 'ja',
  organization: { name: '日本福建同郷会', country: 'JP' },
  contact: { name: '陳 美玲', phone: '+819012345678', line: 'chen_mei' },
  goods: [],
  cash: { amount: '1000000', amountMinor: 1_000_000, currency: 'JPY' },
  recipient: 'organisers_decide',
  delivery: 'undecided',
  consent: { dataProcessing: true, thankPublicly: false },
};

const full: NewOffer = {
  locale: 'es',
  organization: { name: 'Asociación', country: 'AR', city: 'Rosario', kind: 'association' },
  contact: {
    name: 'Lin',
    role: 'Presidente',
    email: 'lin@example.org',
    phone: '+5491112345678',
    wechat: 'w',
    whatsapp: '+5491112345678',
    line: 'l',
  },
  goods: [
    { item: 'surgical_mask', quantity: 1000, unit: 'pieces', standard: 'EN 14683', expiresOn: '2099-01-31' },
    { item: 'other', name: 'Termómetros', quantity: 20, unit: 'pieces' },
  ],
  recipient: 'fujian_hospitals',
  availableFrom: '2020-02-10',
  location: 'Depósito',
  delivery: 'donor_ships',
  notes: 'Cajas de 50.',
  consent: { dataProcessing: true, thankPublicly: true },
};

const notice = (to: OutboxDraft['to']): OutboxDraft => ({
  kind: 'staff_new_offer',
  to,
  params: { reference: 'TX-AAAA-BBBB', locale: 'es', organization: { name: 'Asociación', country: 'AR' }, goods: [], cash: null },
});

describe('the kept offer statement', () => {
  test.each([
    ['no goods, cash, few fields, no mail', bare, []],
    ['two goods lines, every field, mail to two addresses', full, [notice(['a@example.org', 'b@example.org'])]],
    ['the same shape again', { ...full, notes: undefined }, [notice(['c@example.org', 'd@example.org'])]],
  ] as const)('%s: stored as given', async (_name, offer, drafts) => {
    const result = await submitOffer(database.db, offer, { messages: { status: 'held', drafts: () => drafts } });
    if (result.outcome !== 'created') throw new Error(result.outcome);
    const [row] = await database.db.select().from(offers).where(eq(offers.reference, result.reference));
    if (!row) throw new Error('not stored');
    expect(row).toMatchObject({
      locale: offer.locale,
      organizationName: offer.organization.name,
      organizationCity: offer.organization.city ?? null,
      organizationKind: offer.organization.kind ?? null,
      notes: offer.notes ?? null,
      availableFrom: offer.availableFrom ?? null,
      location: offer.location ?? null,
      cashAmountMinor: offer.cash?.amountMinor ?? null,
      cashCurrency: offer.cash?.currency ?? null,
      consentThankPublicly: offer.consent.thankPublicly,
    });
    const contacts = await database.db.select().from(offerContacts).where(eq(offerContacts.offerId, row.id));
    expect(contacts).toHaveLength(1);
    for (const field of ['name', 'role', 'email', 'phone', 'wechat', 'whatsapp', 'line'] as const) {
      expect(contacts[0]?.[field], field).toBe(offer.contact[field] ?? null);
    }
    const goods = await database.db.select().from(offerGoods).where(eq(offerGoods.offerId, row.id)).orderBy(asc(offerGoods.position));
    expect(goods.map((g) => [g.item, g.name, g.quantity, g.unit, g.standard, g.expiresOn])).toEqual(
      offer.goods.map((g) => [g.item, g.name ?? null, g.quantity, g.unit, g.standard ?? null, g.expiresOn ?? null]),
    );
    const mail = await database.db.select().from(outbox).where(eq(outbox.offerId, row.id));
    expect(mail.map((m) => m.recipient).sort()).toEqual(drafts.flatMap((d) => (d.to === 'staff' ? [] : [...d.to])).sort());
    expect(mail.every((m) => m.status === 'held' && m.params !== null)).toBe(true);
  });

  test('a key is stored with the SHA-256 of the offer as sent, the same hex the API wrote before the database hashed it', async () => {
    // Keys written by the earlier code (a hash made in JavaScript) must still match a repeat after a deploy.
    const request = JSON.stringify({ ...bare, notes: '每箱五十个 😷 \u0000' });
    const result = await submitOffer(database.db, bare, { idempotency: { key: 'hash-check', request } });
    expect(result.outcome).toBe('created');
    const [row] = await database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'hash-check'));
    expect(row?.requestHash).toBe(createHash('sha256').update(request, 'utf8').digest('hex'));
    expect(await submitOffer(database.db, bare, { idempotency: { key: 'hash-check', request } })).toEqual({
      outcome: 'replayed',
      reference: (result as { reference: string }).reference,
    });
    expect(await submitOffer(database.db, bare, { idempotency: { key: 'hash-check', request: `${request} ` } })).toEqual({
      outcome: 'key_conflict',
    });
  });

  // Drizzle refuses a missing value on every run; a value without a placeholder is caught
  // when a shape's statement is built, which every test process does afresh.
  test('values and placeholders must name the same things, or nothing is written', async () => {
    const id = crypto.randomUUID();
    const values = offerValues(id, 'TX-ZZZZ-ZZZ1', bare, [], { status: 'held', now: new Date() });
    const { notes: _dropped, ...missing } = values;
    await expect(writeOffer(database.db, shapeOf(bare, []), missing)).rejects.toThrow(/notes/);
    // A shape of its own, so the kept statement of the shape above is not the one checked.
    const oneLine = { ...bare, goods: [full.goods[0]] } as NewOffer;
    const extra = { ...offerValues(id, 'TX-ZZZZ-ZZZ2', oneLine, [], { status: 'held', now: new Date() }), surplus: 1 };
    await expect(writeOffer(database.db, shapeOf(oneLine, []), extra)).rejects.toThrow(/values without a placeholder \[surplus\]/);
    expect(await database.db.select().from(offers).where(eq(offers.id, id))).toEqual([]);
  });
});
