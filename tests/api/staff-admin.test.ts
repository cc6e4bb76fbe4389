import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listAudit } from '../../functions/db/audit';
import { findOfferForStaff } from '../../functions/db/offer-view';
import { testApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { postJson } from '../helpers/offers';
import { addStaffMember, ORIGIN, signIn } from '../helpers/staff';

let database: TestDatabase;
let app: ReturnType<typeof testApp>;
const cookies: Record<'reviewer' | 'admin', string> = { reviewer: '', admin: '' };
const PASSWORD = 'staff password for tests';

function offer(
  org: { name: string; country: string },
  goods: { item: string; quantity: number }[],
  cash?: { amount: string; currency: string },
  thank = true,
) {
  return {
    locale: 'zh',
    organization: { name: org.name, country: org.country, kind: 'association' },
    contact: { name: '联系人', email: `${org.country.toLowerCase()}@example.org` },
    goods,
    ...(cash ? { cash } : {}),
    consent: { dataProcessing: true, thankPublicly: thank },
  };
}

async function submit(payload: object): Promise<string> {
  const res = await postJson(app, '/offers', payload);
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

function as(role: 'reviewer' | 'admin', path: string, init: RequestInit = {}) {
  return app.request(path, {
    ...init,
    headers: { cookie: cookies[role], origin: ORIGIN, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
}

async function receive(reference: string, body: object) {
  for (const to of ['under_review', 'accepted', 'in_transit']) {
    expect(
      (await as('reviewer', `/api/staff/offers/${reference}/transitions`, { method: 'POST', body: JSON.stringify({ to }) })).status,
    ).toBe(200);
  }
  const res = await as('reviewer', `/api/staff/offers/${reference}/transitions`, {
    method: 'POST',
    body: JSON.stringify({ to: 'received', ...body }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

const refs: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  app = testApp(database, { limits: { offersPerHour: 10_000, lookupsPerHour: 10_000 } });
  for (const role of ['reviewer', 'admin'] as const) {
    await addStaffMember(database.db, `${role}@example.org`, role, PASSWORD);
    cookies[role] = await signIn(app, `${role}@example.org`, PASSWORD);
  }
  // The figures of 31 March 2020: 300,000 masks, 100,000 pairs of gloves, 2,500 suits, ¥350,000.
  refs.masks = await submit(offer({ name: '阿根廷福建同乡会', country: 'AR' }, [{ item: 'surgical_mask', quantity: 150_000 }]));
  refs.masks2 = await submit(
    offer({ name: '菲律宾洪门', country: 'PH' }, [
      { item: 'surgical_mask', quantity: 150_000 },
      { item: 'medical_gloves', quantity: 100_000 },
    ]),
  );
  refs.suits = await submit(
    offer({ name: '日本福建经济文化促进会', country: 'JP' }, [{ item: 'protective_suit', quantity: 2500 }], undefined, false),
  );
  refs.cash = await submit(offer({ name: '=HYPERLINK("http://evil")', country: 'AR' }, [], { amount: '350000.00', currency: 'CNY' }));
  refs.pending = await submit(offer({ name: 'マスクの会', country: 'JP' }, [{ item: 'surgical_mask', quantity: 999 }]));
  await receive(refs.masks, { received: [{ position: 0, quantity: 150_000 }] });
  await receive(refs.masks2, {
    received: [
      { position: 0, quantity: 150_000 },
      { position: 1, quantity: 100_000 },
    ],
  });
  await receive(refs.suits, { received: [{ position: 0, quantity: 2500 }] });
  await receive(refs.cash, { cashReceived: '350000.00', exchangeRate: '1' });
});
afterAll(() => database.destroy());

describe('the staff list', () => {
  test('filters by status, country, item and search, with counts per status', async () => {
    const all = (await (await as('reviewer', '/api/staff/offers')).json()) as {
      total: number;
      counts: Record<string, number>;
      items: { reference: string }[];
    };
    expect(all.total).toBe(5);
    expect(all.counts).toMatchObject({ received: 4, submitted: 1 });
    const japan = (await (await as('reviewer', '/api/staff/offers?country=JP&status=submitted')).json()) as {
      items: { reference: string }[];
    };
    expect(japan.items.map((i) => i.reference)).toEqual([refs.pending]);
    const gloves = (await (await as('reviewer', '/api/staff/offers?item=medical_gloves')).json()) as { items: { reference: string }[] };
    expect(gloves.items.map((i) => i.reference)).toEqual([refs.masks2]);
    const search = (await (await as('reviewer', `/api/staff/offers?q=${encodeURIComponent('洪门')}`)).json()) as {
      items: { reference: string }[];
    };
    expect(search.items.map((i) => i.reference)).toEqual([refs.masks2]);
    const byRef = (await (
      await as('reviewer', `/api/staff/offers?q=${(refs.suits as string).replace(/-/g, '').toLowerCase()}`)
    ).json()) as { items: { reference: string }[] };
    expect(byRef.items.map((i) => i.reference)).toEqual([refs.suits]);
    const wildcard = (await (await as('reviewer', '/api/staff/offers?q=%25')).json()) as { total: number };
    expect(wildcard.total).toBe(0);
  });

  test('bad filters are a 422 with field paths', async () => {
    const res = await as('reviewer', '/api/staff/offers?status=lost&from=yesterday&page=0');
    expect(res.status).toBe(422);
    const paths = ((await res.json()) as { error: { fields: { path: string }[] } }).error.fields.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['status', 'from', 'page']));
  });
});

describe('exports', () => {
  test('a reviewer may not export (403)', async () => {
    expect((await as('reviewer', '/api/staff/export.csv')).status).toBe(403);
    expect((await as('reviewer', '/api/staff/export.json')).status).toBe(403);
  });

  test('CSV: BOM, one row per goods line, Chinese headers, CJK intact, formulas neutralised, audited', async () => {
    const res = await as('admin', '/api/staff/export.csv?lang=zh');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text).toContain('\r\n');
    const rows = parse(text, { bom: true }) as string[][];
    expect(rows[0]?.[0]).toBe('编号');
    const body = rows.slice(1);
    expect(body.filter((r) => r[0] === refs.masks2)).toHaveLength(2);
    expect(body.some((r) => r[4] === '日本福建经济文化促进会')).toBe(true);
    expect(body.some((r) => r[4] === 'マスクの会')).toBe(true);
    expect(body.find((r) => r[0] === refs.cash)?.[4]).toBe('\'=HYPERLINK("http://evil")');
    const audit = await listAudit(database.db);
    expect(audit.some((a) => a.action === 'offers.export' && (a.details as { format: string }).format === 'csv')).toBe(true);
  });

  test('JSON export follows the same filters; English headers for CSV on request', async () => {
    const json = (await (await as('admin', '/api/staff/export.json?country=PH')).json()) as { rows: { reference: string }[] };
    expect(new Set(json.rows.map((r) => r.reference))).toEqual(new Set([refs.masks2]));
    const csv = await (await as('admin', '/api/staff/export.csv?lang=en&status=submitted')).text();
    expect((parse(csv, { bom: true }) as string[][])[0]?.[0]).toBe('Reference');
  });
});

describe('public totals', () => {
  test('are computed from received offers and match the published figures', async () => {
    const res = await app.request('/api/totals');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeTruthy();
    expect(res.headers.get('cache-control')).toContain('s-maxage');
    const totals = (await res.json()) as {
      goods: { item: string; unit: string; quantity: number }[];
      cash: { currency: string; amountMinor: number }[];
      estimatedValueCnyMinor: number;
      organizations: number;
      thanked: { name: string }[];
      countries: { country: string }[];
    };
    expect(totals.goods).toEqual([
      { item: 'medical_gloves', unit: 'pairs', quantity: 100_000 },
      { item: 'protective_suit', unit: 'sets', quantity: 2500 },
      { item: 'surgical_mask', unit: 'pieces', quantity: 300_000 },
    ]);
    expect(totals.cash).toEqual([{ currency: 'CNY', amountMinor: 35_000_000 }]);
    expect(totals.estimatedValueCnyMinor).toBe(35_000_000);
    expect(totals.organizations).toBe(4);
    expect(totals.countries.map((c) => c.country)).toEqual(['AR', 'JP', 'PH']);
    // Only those who agreed are named; contact details never appear.
    expect(totals.thanked.map((t) => t.name)).not.toContain('日本福建经济文化促进会');
    expect(JSON.stringify(totals)).not.toContain('@example.org');
    const again = await app.request('/api/totals', { headers: { 'if-none-match': res.headers.get('etag') as string } });
    expect(again.status).toBe(304);
  });
});

describe('erasure', () => {
  test('a reviewer may not erase (403)', async () => {
    expect((await as('reviewer', `/api/staff/offers/${refs.masks}/erase`, { method: 'POST' })).status).toBe(403);
  });

  test('an admin erases the contact details; the offer still counts in the totals', async () => {
    const before = (await (await app.request('/api/totals')).json()) as { goods: unknown };
    const res = await as('admin', `/api/staff/offers/${refs.masks}/erase`, { method: 'POST' });
    expect(res.status).toBe(200);
    const offerAfter = await findOfferForStaff(database.db, refs.masks as string);
    expect(offerAfter?.contacts).toEqual([]);
    expect(offerAfter?.erasedAt).toBeTruthy();
    const after = (await (await app.request('/api/totals')).json()) as { goods: unknown; thanked: { name: string }[] };
    expect(after.goods).toEqual(before.goods);
    expect(after.thanked.map((t) => t.name)).not.toContain('阿根廷福建同乡会');
    const audit = await listAudit(database.db, { subject: refs.masks });
    expect(audit.some((a) => a.action === 'offer.erase')).toBe(true);
  });
});
