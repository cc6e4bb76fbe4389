import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listAudit } from '../../functions/db/audit';
import { findOfferForDonor } from '../../functions/db/offers';
import { testApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { goodsOffer, postJson, yenCashOffer } from '../helpers/offers';
import { addStaffMember, ORIGIN, signIn } from '../helpers/staff';

let database: TestDatabase;
let app: ReturnType<typeof testApp>;
let cookie = '';
const PASSWORD = 'reviewer password 2026';

beforeAll(async () => {
  database = await createTestDatabase();
  app = testApp(database, { limits: { offersPerHour: 10_000, lookupsPerHour: 10_000 } });
  await addStaffMember(database.db, 'rev@example.org', 'reviewer', PASSWORD);
  cookie = await signIn(app, 'rev@example.org', PASSWORD);
});
afterAll(() => database.destroy());

async function newOffer(payload: object = goodsOffer()): Promise<string> {
  const res = await postJson(app, '/offers', payload);
  expect(res.status).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

function move(reference: string, body: object, headers: Record<string, string> = {}) {
  return app.request(`/api/staff/offers/${reference}/transitions`, {
    method: 'POST',
    headers: { cookie, origin: ORIGIN, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Adds an internal note to an offer, as the signed-in reviewer. */
function addNote(reference: string, body: string) {
  return app.request(`/api/staff/offers/${reference}/notes`, {
    method: 'POST',
    headers: { cookie, origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ body }),
  });
}

type Detail = {
  status: string;
  allowedTransitions: string[];
  reasonRequiredFor: string[];
  history: {
    status: string;
    fromStatus: string | null;
    reason: string | null;
    visibleToDonor: boolean;
    actorId: string | null;
    actorEmail: string | null;
  }[];
  goods: { position: number; quantity: number; receivedQuantity: number | null }[];
  estimatedValueCnyMinor: number | null;
  cashReceivedMinor: number | null;
  exchangeRateMicro: number | null;
  duplicateOfReference: string | null;
  notes: { body: string; authorEmail: string | null }[];
};

describe('the offer workflow', () => {
  test('a goods offer goes from submitted to closed, every step recorded', async () => {
    const ref = await newOffer();
    expect((await move(ref, { to: 'under_review' })).status).toBe(200);
    expect((await move(ref, { to: 'needs_info', reason: 'Which standard are the gloves?', visibleToDonor: true })).status).toBe(200);
    expect((await move(ref, { to: 'under_review' })).status).toBe(200);
    expect((await move(ref, { to: 'accepted', estimatedValueCny: '180000.00', visibleToDonor: true })).status).toBe(200);
    expect((await move(ref, { to: 'in_transit', visibleToDonor: true })).status).toBe(200);
    const received = await move(ref, {
      to: 'received',
      visibleToDonor: true,
      reason: '200 gloves torn in transit',
      received: [
        { position: 0, quantity: 150_000 },
        { position: 1, quantity: 99_800 },
        { position: 2, quantity: 2500 },
      ],
    });
    expect(received.status, await received.clone().text()).toBe(200);
    const closed = await move(ref, { to: 'closed' });
    const detail = (await closed.json()) as Detail;
    expect(detail.status).toBe('closed');
    expect(detail.allowedTransitions).toEqual([]);
    expect(detail.estimatedValueCnyMinor).toBe(18_000_000);
    expect(detail.goods.map((g) => g.receivedQuantity)).toEqual([150_000, 99_800, 2500]);
    expect(detail.history.map((e) => [e.fromStatus, e.status])).toEqual([
      [null, 'submitted'],
      ['submitted', 'under_review'],
      ['under_review', 'needs_info'],
      ['needs_info', 'under_review'],
      ['under_review', 'accepted'],
      ['accepted', 'in_transit'],
      ['in_transit', 'received'],
      ['received', 'closed'],
    ]);
    expect(detail.history.slice(1).every((e) => e.actorId && e.actorEmail === 'rev@example.org')).toBe(true);
    expect(detail.history[0]?.actorEmail).toBeNull();
    // The donor sees only what staff marked as visible, with the reason given for it.
    const donor = await findOfferForDonor(database.db, ref);
    expect(donor?.history.map((e) => e.status)).toEqual(['submitted', 'needs_info', 'accepted', 'in_transit', 'received']);
    expect(donor?.history[1]?.note).toBe('Which standard are the gloves?');
    const audit = await listAudit(database.db, { subject: ref });
    expect(audit.filter((a) => a.action === 'offer.transition')).toHaveLength(7);
  });

  test('a cash pledge records the amount that arrived and the exchange rate, as integers', async () => {
    const ref = await newOffer(yenCashOffer());
    for (const to of ['under_review', 'accepted', 'in_transit']) expect((await move(ref, { to })).status).toBe(200);
    const missing = await move(ref, { to: 'received' });
    expect(missing.status).toBe(422);
    const res = await move(ref, { to: 'received', cashReceived: '1000000', exchangeRate: '0.046512' });
    const detail = (await res.json()) as Detail;
    expect(detail.cashReceivedMinor).toBe(1_000_000);
    expect(detail.exchangeRateMicro).toBe(46_512);
  });

  test.each([
    ['submitted', 'accepted'],
    ['submitted', 'received'],
    ['submitted', 'closed'],
    ['submitted', 'declined'],
  ])('%s → %s is refused with 409', async (_from, to) => {
    const ref = await newOffer();
    const res = await move(ref, { to, reason: 'x' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { allowed: string[] } }).error.allowed).toEqual(['under_review', 'withdrawn', 'duplicate']);
  });

  test('declining needs a reason, in the staff member’s language', async () => {
    const ref = await newOffer();
    await move(ref, { to: 'under_review' });
    const res = await move(ref, { to: 'declined' }, { 'accept-language': 'zh' });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { fields: [{ path: 'reason', code: 'reason_required', message: '请说明原因。' }] } });
    expect((await move(ref, { to: 'declined', reason: 'Expired stock' })).status).toBe(200);
    expect((await move(ref, { to: 'under_review' })).status).toBe(409);
  });

  test('received quantities that differ from the offer need a reason', async () => {
    const ref = await newOffer();
    for (const to of ['under_review', 'accepted', 'in_transit']) await move(ref, { to });
    const lines = [
      { position: 0, quantity: 1 },
      { position: 1, quantity: 100_000 },
      { position: 2, quantity: 2500 },
    ];
    expect((await move(ref, { to: 'received', received: lines })).status).toBe(422);
    expect((await move(ref, { to: 'received', received: lines.slice(0, 2) })).status).toBe(422);
    expect((await move(ref, { to: 'received', received: lines, reason: 'Most masks were lost' })).status).toBe(200);
  });

  test('a duplicate points at its original, which must exist', async () => {
    const original = await newOffer();
    const copy = await newOffer();
    expect((await move(copy, { to: 'duplicate', reason: 'Sent twice' })).status).toBe(422);
    expect((await move(copy, { to: 'duplicate', reason: 'Sent twice', duplicateOf: 'TX-2222-2222' })).status).toBe(422);
    const res = await move(copy, { to: 'duplicate', reason: 'Sent twice', duplicateOf: original.toLowerCase() });
    expect(((await res.json()) as Detail).duplicateOfReference).toBe(original);
  });

  test('withdrawn is possible from any open state and final', async () => {
    const ref = await newOffer();
    await move(ref, { to: 'under_review' });
    await move(ref, { to: 'accepted' });
    expect((await move(ref, { to: 'withdrawn', reason: 'Donor changed plans', visibleToDonor: true })).status).toBe(200);
    expect((await move(ref, { to: 'accepted' })).status).toBe(409);
  });

  test('bad input is a 422 with field paths; no session is 401; an unknown offer is 404', async () => {
    const ref = await newOffer();
    const bad = await move(ref, { to: 'teleported', visibleToDonor: 'yes' });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { fields: { path: string }[] } }).error.fields.map((f) => f.path).sort()).toEqual([
      'to',
      'visibleToDonor',
    ]);
    const anonymous = await app.request(`/api/staff/offers/${ref}/transitions`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'under_review' }),
    });
    expect(anonymous.status).toBe(401);
    expect((await move('TX-2222-2222', { to: 'under_review' })).status).toBe(404);
    expect((await app.request(`/api/staff/offers/${ref}`)).status).toBe(401);
  });
});

describe('offer detail and internal notes', () => {
  test('staff see every field, the history and notes; donors never see notes', async () => {
    const ref = await newOffer();
    const note = await addNote(ref, '<script>alert(1)</script> called the donor');
    expect(note.status).toBe(201);
    const res = await app.request(`/api/staff/offers/${ref}`, { headers: { cookie } });
    const detail = (await res.json()) as Detail & { contacts: { email: string }[]; organizationName: string; donorNotes: string | null };
    expect(detail.contacts[0]?.email).toBe('lin@example.org');
    // The donor's own notes and the staff's internal notes are separate fields.
    expect(detail.donorNotes).toBe('Cajas de 50 unidades.');
    expect(detail.notes.map((n) => [n.body, n.authorEmail])).toEqual([['<script>alert(1)</script> called the donor', 'rev@example.org']]);
    expect(detail.allowedTransitions).toEqual(['under_review', 'withdrawn', 'duplicate']);
    expect(detail.reasonRequiredFor).toEqual(['withdrawn', 'duplicate']);
    const donor = await findOfferForDonor(database.db, ref);
    expect(JSON.stringify(donor)).not.toContain('called the donor');
  });

  test('an empty note is a 422', async () => {
    const ref = await newOffer();
    expect((await addNote(ref, '   ')).status).toBe(422);
  });
});
