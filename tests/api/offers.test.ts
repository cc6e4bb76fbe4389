import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { createApp } from '../../functions/app';
import { countOfferRows, findOfferForDonor } from '../../functions/db/offers';
import { MIN_FILL_MS } from '../../functions/routes/offers';
import pkg from '../../package.json' with { type: 'json' };
import { type Locale, localeConfig, locales } from '../../src/i18n/config';
import { problemParams, translate } from '../../src/lib/problem-message';
import { isReference } from '../../src/lib/reference';
import { checkedApp } from '../helpers/contract';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { type ErrorBody, goodsOffer, mixedOffer, postForm, postJson, yenCashOffer } from '../helpers/offers';

let database: TestDatabase;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = checkedApp(createApp({ db: database, version: pkg.version, limits: { offersPerHour: 10_000, lookupsPerHour: 10_000 } }));
});
afterAll(() => database.destroy());

const rows = () => countOfferRows(database.db);
const errorsIn = (lng: string) => JSON.parse(readFileSync(path.resolve('locales', lng, 'errors.json'), 'utf8')) as Record<string, string>;

async function submitted(res: Response): Promise<string> {
  expect(res.status, await res.clone().text()).toBe(201);
  const body = (await res.json()) as { reference: string; status: string };
  expect(body.status).toBe('submitted');
  expect(isReference(body.reference)).toBe(true);
  return body.reference;
}

describe('POST /api/offers: valid offers are stored whole', () => {
  test('a goods offer is stored with its lines, units, contact and a first history event', async () => {
    const before = await rows();
    const reference = await submitted(await postJson(app, '/offers', goodsOffer()));
    const after = await rows();
    expect(after.offers - before.offers).toBe(1);
    expect(after.goods - before.goods).toBe(3);
    expect(after.contacts - before.contacts).toBe(1);
    expect(after.events - before.events).toBe(1);

    const stored = await findOfferForDonor(database.db, reference);
    expect(stored).toMatchObject({
      reference,
      status: 'submitted',
      locale: 'es',
      organization: { name: 'Asociación de Fujian en Argentina', country: 'AR', city: 'Buenos Aires' },
      recipient: 'fujian_hospitals',
      delivery: 'donor_ships',
      availableFrom: '2020-02-10',
      cash: null,
    });
    expect(stored?.goods).toEqual([
      { item: 'surgical_mask', name: null, quantity: 150_000, unit: 'pieces', standard: 'EN 14683', expiresOn: '2099-12-31' },
      { item: 'medical_gloves', name: null, quantity: 100_000, unit: 'pairs', standard: null, expiresOn: null },
      { item: 'protective_suit', name: null, quantity: 2500, unit: 'sets', standard: 'GB 19082', expiresOn: null },
    ]);
    expect(stored?.contacts).toEqual([{ name: 'Lin Haining', email: 'lin@example.org', phone: '+5491112345678' }]);
    expect(stored?.history.map((e) => e.status)).toEqual(['submitted']);
  });

  test('a yen pledge is stored in whole yen, and a national phone number gets Japan’s calling code', async () => {
    const reference = await submitted(await postJson(app, '/offers', yenCashOffer()));
    const stored = await findOfferForDonor(database.db, reference);
    expect(stored?.cash).toEqual({ amountMinor: 1_000_000, currency: 'JPY' });
    expect(stored?.goods).toEqual([]);
    expect(stored?.contacts[0]?.phone).toBe('+819012345678');
    expect(stored?.recipient).toBe('organisers_decide');
    expect(stored?.delivery).toBe('undecided');
  });

  test('a mixed offer keeps both the goods and the yuan, in fen', async () => {
    const reference = await submitted(await postJson(app, '/offers', mixedOffer()));
    const stored = await findOfferForDonor(database.db, reference);
    expect(stored?.cash).toEqual({ amountMinor: 35_000_000, currency: 'CNY' });
    expect(stored?.goods).toEqual([{ item: 'other', name: '呼吸机配件', quantity: 40, unit: 'pieces', standard: null, expiresOn: null }]);
  });

  test('without a locale in the body, the offer takes the request’s language', async () => {
    const { locale: _, ...offer } = mixedOffer();
    const reference = await submitted(await postJson(app, '/offers', offer, { headers: { 'Accept-Language': 'ja-JP' } }));
    expect((await findOfferForDonor(database.db, reference))?.locale).toBe('ja');
  });

  test('a Traditional Chinese offer keeps its language, named in the body or by a Taiwanese browser', async () => {
    const named = await submitted(await postJson(app, '/offers', { ...mixedOffer(), locale: 'zh-Hant' }));
    expect((await findOfferForDonor(database.db, named))?.locale).toBe('zh-Hant');
    const { locale: _, ...offer } = mixedOffer();
    const browsed = await submitted(await postJson(app, '/offers', offer, { headers: { 'Accept-Language': 'zh-TW,zh;q=0.9' } }));
    expect((await findOfferForDonor(database.db, browsed))?.locale).toBe('zh-Hant');
  });

  test('a web form is accepted too, with amounts written the Spanish way', async () => {
    const reference = await submitted(
      await postForm(app, '/offers', [
        ['locale', 'es'],
        ['organization.name', 'Cámara de Comercio China en Madrid'],
        ['organization.country', 'ES'],
        ['contact.name', 'Wang Li'],
        ['contact.phone', '612 345 678'],
        ['goods[0].item', ''],
        ['goods[1].item', 'goggles'],
        ['goods[1].quantity', '1.500'],
        ['cash.amount', '350.000,50'],
        ['cash.currency', 'EUR'],
        ['consent.dataProcessing', 'on'],
      ]),
    );
    const stored = await findOfferForDonor(database.db, reference);
    expect(stored?.cash).toEqual({ amountMinor: 35_000_050, currency: 'EUR' });
    expect(stored?.goods).toMatchObject([{ item: 'goggles', quantity: 1500 }]);
    expect(stored?.contacts[0]?.phone).toBe('+34612345678');
  });

  test('answers carry security headers and are never cached', async () => {
    const res = await postJson(app, '/offers', mixedOffer());
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('POST /api/offers: strings are data', () => {
  const nasty = {
    sql: "Robert'); DROP TABLE offers; -- \\' OR 1=1",
    html: '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;',
    emoji: '😷🧤 👩🏽‍⚕️ 🇦🇷❤️🇨🇳',
    cjk: '福建省侨海同心会・日本福建同郷会・한국복건상회',
    // Right-to-left text is data; bidi controls and marks in one-line fields are refused (input-hygiene.test.ts).
    rtl: 'جمعية الصداقة العربية الصينية — שלום',
  };

  test('SQL, HTML, emoji, CJK, right-to-left and 10,000-character text come back exactly as sent', async () => {
    const long = '同心🧡'.repeat(3334).slice(0, 10_000);
    const longCodePoints = [...'同心🧡'.repeat(3334)].slice(0, 10_000).join('');
    const offer = {
      ...goodsOffer(),
      organization: { name: nasty.sql, country: 'CN', city: nasty.cjk, kind: 'other' },
      contact: { name: nasty.html, role: nasty.rtl, email: 'x@example.org', wechat: nasty.emoji },
      goods: [{ item: 'other', name: nasty.html, quantity: 1, standard: nasty.sql }],
      location: nasty.rtl,
      notes: longCodePoints,
    };
    expect([...longCodePoints]).toHaveLength(10_000);
    expect(long.length).toBe(10_000);
    const reference = await submitted(await postJson(app, '/offers', offer));
    const res = await postJson(app, '/offers/lookup', { reference, email: 'x@example.org' });
    expect(res.status).toBe(200);
    const shown = (await res.json()) as Record<string, unknown>;
    expect(shown).toMatchObject({
      organization: { name: nasty.sql, city: nasty.cjk },
      contact: { name: nasty.html },
      goods: [{ name: nasty.html, standard: nasty.sql }],
      location: nasty.rtl,
      notes: longCodePoints,
    });
    // …and the table the SQL string names is still there.
    expect((await rows()).offers).toBeGreaterThan(0);
  });

  test('a NUL byte or broken UTF-16 is refused as a field problem, not a crash', async () => {
    for (const name of ['abc\u0000def', 'abc\ud800def']) {
      const res = await postJson(app, '/offers', { ...mixedOffer(), organization: { ...mixedOffer().organization, name } });
      expect(res.status).toBe(422);
      expect(((await res.json()) as ErrorBody).error.fields).toEqual([
        expect.objectContaining({ path: 'organization.name', code: 'invalidCharacters' }),
      ]);
    }
  });
});

type Case = { name: string; offer: () => Record<string, unknown>; path: string; code: string };

const withOrg = (patch: object) => () => ({ ...mixedOffer(), organization: { ...mixedOffer().organization, ...patch } });
const withContact = (contact: object) => () => ({ ...mixedOffer(), contact });
const withLine = (line: object) => () => ({ ...mixedOffer(), goods: [line] });
const withCash = (cash: object) => () => ({ ...mixedOffer(), cash });

const invalidCases: Case[] = [
  { name: 'organisation name missing', offer: withOrg({ name: '  ' }), path: 'organization.name', code: 'required' },
  { name: 'organisation name too long', offer: withOrg({ name: 'x'.repeat(201) }), path: 'organization.name', code: 'tooLong' },
  { name: 'unknown country', offer: withOrg({ country: 'ZZ' }), path: 'organization.country', code: 'country' },
  { name: 'unknown kind of organisation', offer: withOrg({ kind: 'club' }), path: 'organization.kind', code: 'choice' },
  { name: 'contact name missing', offer: withContact({ email: 'a@example.org' }), path: 'contact.name', code: 'required' },
  { name: 'email malformed', offer: withContact({ name: 'A', email: 'not-an-email' }), path: 'contact.email', code: 'email' },
  { name: 'phone malformed', offer: withContact({ name: 'A', phone: 'call me' }), path: 'contact.phone', code: 'phone' },
  { name: 'neither email nor phone', offer: withContact({ name: 'A', wechat: 'a' }), path: 'contact.email', code: 'contactMethod' },
  {
    name: 'control character in a name',
    offer: withContact({ name: 'A\u0007', email: 'a@example.org' }),
    path: 'contact.name',
    code: 'invalidCharacters',
  },
  { name: 'item not in the catalog', offer: withLine({ item: 'ventilator', quantity: 1 }), path: 'goods[0].item', code: 'choice' },
  { name: 'quantity zero', offer: withLine({ item: 'goggles', quantity: '0' }), path: 'goods[0].quantity', code: 'quantity' },
  {
    name: 'quantity too large',
    offer: withLine({ item: 'goggles', quantity: 200_000_000 }),
    path: 'goods[0].quantity',
    code: 'quantityRange',
  },
  { name: '“other” without a name', offer: withLine({ item: 'other', quantity: 5 }), path: 'goods[0].name', code: 'otherName' },
  {
    name: 'impossible expiry date',
    offer: withLine({ item: 'goggles', quantity: 5, expiresOn: '2021-02-30' }),
    path: 'goods[0].expiresOn',
    code: 'date',
  },
  {
    name: 'expired supplies',
    offer: withLine({ item: 'goggles', quantity: 5, expiresOn: '2020-03-31' }),
    path: 'goods[0].expiresOn',
    code: 'expired',
  },
  {
    name: 'too many lines',
    offer: () => ({ ...mixedOffer(), goods: Array.from({ length: 51 }, () => ({ item: 'goggles', quantity: 1 })) }),
    path: 'goods',
    code: 'tooManyLines',
  },
  {
    name: 'neither goods nor cash',
    offer: () => ({ ...mixedOffer(), goods: [], cash: undefined }),
    path: 'goods',
    code: 'goodsOrCash',
  },
  { name: 'amount not a number', offer: withCash({ amount: 'lots', currency: 'CNY' }), path: 'cash.amount', code: 'amount' },
  { name: 'yen with decimals', offer: withCash({ amount: '1000.5', currency: 'JPY' }), path: 'cash.amount', code: 'amountNoDecimals' },
  { name: 'yuan with three decimals', offer: withCash({ amount: '12.345', currency: 'CNY' }), path: 'cash.amount', code: 'amountDecimals' },
  { name: 'amount zero', offer: withCash({ amount: '0', currency: 'USD' }), path: 'cash.amount', code: 'amountRange' },
  { name: 'unknown currency', offer: withCash({ amount: '10', currency: 'XYZ' }), path: 'cash.currency', code: 'currency' },
  { name: 'unknown recipient', offer: () => ({ ...mixedOffer(), recipient: 'anyone' }), path: 'recipient', code: 'choice' },
  { name: 'unknown delivery', offer: () => ({ ...mixedOffer(), delivery: 'teleport' }), path: 'delivery', code: 'choice' },
  { name: 'available-from not a date', offer: () => ({ ...mixedOffer(), availableFrom: 'tomorrow' }), path: 'availableFrom', code: 'date' },
  { name: 'notes over 10,000 characters', offer: () => ({ ...mixedOffer(), notes: '字'.repeat(10_001) }), path: 'notes', code: 'tooLong' },
  {
    name: 'no consent',
    offer: () => ({ ...mixedOffer(), consent: { dataProcessing: false } }),
    path: 'consent.dataProcessing',
    code: 'consent',
  },
  { name: 'goods not a list', offer: () => ({ ...mixedOffer(), goods: 'masks' }), path: 'goods', code: 'invalid' },
];

describe.each(locales)('POST /api/offers: every problem is explained in %s', (lng: Locale) => {
  const messages = errorsIn(lng);
  const intl = localeConfig[lng].intl;

  test.each(invalidCases)('$name → $path: $code', async ({ offer, path: field, code }) => {
    const before = await rows();
    const res = await postJson(app, '/offers', { ...offer(), locale: lng });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.code).toBe('validation');
    expect(error.message).toBe(messages['error.validation']);
    const problem = error.fields?.find((f) => f.path === field);
    expect(problem, JSON.stringify(error.fields)).toMatchObject({ path: field, code });
    expect(error.fields).toHaveLength(1);
    // The browser words problems with its own small translator: both must say the same.
    const params: Record<string, string | number> | undefined = (
      {
        tooLong: { count: field === 'notes' ? 10_000 : 200, max: field === 'notes' ? 10_000 : 200 },
        quantityRange: { max: 100_000_000 },
        tooManyLines: { count: 50, max: 50 },
        amountNoDecimals: { count: 0, currency: 'JPY' },
        amountDecimals: { count: 2, currency: 'CNY' },
        amountRange: { max: 999_999_999_999, currency: 'USD' },
      } as Record<string, Record<string, string | number>>
    )[code];
    const expected = translate(
      messages,
      intl,
      `validation.${code}`,
      problemParams({ path: field, code, ...(params ? { params } : {}) }, intl),
    );
    expect(problem?.message).toBe(expected);
    expect(problem?.message).not.toMatch(/validation\.|\{\{/);
    expect(await rows()).toEqual(before);
  });

  test('an unknown locale in the body is a problem worded in the request’s language', async () => {
    const res = await postJson(app, '/offers', { ...mixedOffer(), locale: 'fr' }, { headers: { 'Accept-Language': lng } });
    const { error } = (await res.json()) as ErrorBody;
    expect(error.fields).toEqual([{ path: 'locale', code: 'choice', message: messages['validation.choice'] }]);
  });

  test('every problem at once, each with its own message', async () => {
    const res = await postJson(app, '/offers', { locale: lng });
    const { error } = (await res.json()) as ErrorBody;
    expect(error.fields?.map((f) => [f.path, f.code])).toEqual([
      ['organization.name', 'required'],
      ['organization.country', 'required'],
      ['contact.name', 'required'],
      ['contact.email', 'contactMethod'],
      ['goods', 'goodsOrCash'],
      ['consent.dataProcessing', 'consent'],
    ]);
    for (const f of error.fields ?? []) expect(f.message).toBe(messages[`validation.${f.code}`]);
  });
});

describe('POST /api/offers: malformed requests', () => {
  test('malformed JSON is a 400 in the requester’s language', async () => {
    const res = await postJson(app, '/offers', '{"organization": {"name": "x"', { headers: { 'Accept-Language': 'ja' } });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorBody;
    expect(error).toMatchObject({ code: 'malformed_json', message: errorsIn('ja')['error.malformedJson'] });
  });

  test('a body over the limit is a 413, and nothing is stored', async () => {
    const before = await rows();
    const res = await postJson(
      app,
      '/offers',
      { ...mixedOffer(), notes: 'x'.repeat(200 * 1024) },
      { headers: { 'Accept-Language': 'es' } },
    );
    expect(res.status).toBe(413);
    const { error } = (await res.json()) as ErrorBody;
    expect(error).toMatchObject({
      code: 'payload_too_large',
      message: errorsIn('es')['error.payloadTooLarge']?.replace('{{kib}}', '128'),
    });
    expect(await rows()).toEqual(before);
  });

  test('a locale named after an object property is just an unknown locale', async () => {
    for (const locale of ['constructor', 'toString', '__proto__']) {
      const res = await postJson(app, '/offers', { ...mixedOffer(), locale }, { headers: { 'Accept-Language': 'en' } });
      expect(res.status, locale).toBe(422);
      expect(((await res.json()) as ErrorBody).error.fields).toEqual([
        { path: 'locale', code: 'choice', message: 'Choose one of the options.' },
      ]);
    }
    const form = await postForm(app, '/offers', [['locale', 'constructor']]);
    expect(form.status).toBe(422);
  });

  test('a body that is neither JSON nor a form is a 415', async () => {
    const res = await app.request('/api/offers', { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: '<offer/>' });
    expect(res.status).toBe(415);
  });

  test('a form posted from another site’s page is refused with a 403, in the reader’s language', async () => {
    const before = await rows();
    const res = await postForm(app, '/offers', [['organization.name', 'x']], {
      headers: { Origin: 'https://evil.example', 'Accept-Language': 'zh-CN' },
    });
    expect(res.status).toBe(403);
    const { error } = (await res.json()) as ErrorBody;
    expect(error).toMatchObject({ code: 'forbidden_origin', message: errorsIn('zh')['error.forbiddenOrigin'] });
    expect(await rows()).toEqual(before);
  });

  test('a configured site origin may post forms', async () => {
    const site = checkedApp(
      createApp({ db: database, version: pkg.version, origins: ['https://tongxin.example'], limits: { offersPerHour: 100 } }),
    );
    const res = await postForm(site, '/offers', [['organization.name', '']], {
      headers: { Origin: 'https://tongxin.example' },
      clientAddress: '203.0.113.50',
    });
    expect(res.status).toBe(422);
  });
});

describe('POST /api/offers: Idempotency-Key', () => {
  test('a repeated submission with the same key returns the first reference and stores nothing new', async () => {
    const key = crypto.randomUUID();
    const first = await submitted(await postJson(app, '/offers', goodsOffer(), { headers: { 'Idempotency-Key': key } }));
    const before = await rows();
    const res = await postJson(app, '/offers', goodsOffer(), { headers: { 'Idempotency-Key': key } });
    expect(await submitted(res)).toBe(first);
    expect(res.headers.get('idempotent-replayed')).toBe('true');
    expect(await rows()).toEqual(before);
  });

  test('20 identical submissions at the same moment store one offer and all get its reference', async () => {
    const key = crypto.randomUUID();
    const before = await rows();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => postJson(app, '/offers', yenCashOffer(), { headers: { 'Idempotency-Key': key } })),
    );
    const references = await Promise.all(answers.map(submitted));
    expect(new Set(references).size).toBe(1);
    const after = await rows();
    expect(after.offers - before.offers).toBe(1);
    expect(after.contacts - before.contacts).toBe(1);
    expect(after.events - before.events).toBe(1);
    expect(after.keys - before.keys).toBe(1);
  });

  test('the same key with a different offer is refused', async () => {
    const key = crypto.randomUUID();
    await submitted(await postJson(app, '/offers', goodsOffer(), { headers: { 'Idempotency-Key': key } }));
    const res = await postJson(app, '/offers', { ...mixedOffer(), locale: 'en' }, { headers: { 'Idempotency-Key': key } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({
      code: 'idempotency_conflict',
      message: errorsIn('en')['error.idempotencyConflict'],
    });
  });

  test('a malformed key is a 400', async () => {
    const res = await postJson(app, '/offers', goodsOffer(), { headers: { 'Idempotency-Key': 'x'.repeat(256) } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.code).toBe('invalid_idempotency_key');
  });
});

describe('POST /api/offers: the HTML form’s bot traps', () => {
  /** The form, filled in and posted without JavaScript: `website` is the honeypot, `startedAt` when the form was opened. */
  const postFilledForm = (site: ReturnType<typeof createApp>, website: string, startedAt: number) =>
    postForm(site, '/offers', [
      ['locale', 'en'],
      ['organization.name', 'Spam Ltd'],
      ['organization.country', 'GB'],
      ['contact.name', 'Bot'],
      ['contact.email', 'bot@example.org'],
      ['cash.amount', '10'],
      ['cash.currency', 'GBP'],
      ['consent.dataProcessing', 'on'],
      ['website', website],
      ['startedAt', String(startedAt)],
    ]);

  test('a filled honeypot gets a plausible answer and nothing is stored', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const before = await rows();
    const reference = await submitted(await postFilledForm(app, 'http://spam.example', Date.now() - 60_000));
    expect(await rows()).toEqual(before);
    expect(await findOfferForDonor(database.db, reference)).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/discarded \(honeypot\)/));
    expect(JSON.stringify(warn.mock.calls)).not.toContain('bot@example.org');
    warn.mockRestore();
  });

  // The server's clock is injected: the fill time is measured against it, never the real one.
  const at = Date.parse('2026-03-01T10:00:00Z');
  const clocked = () => checkedApp(createApp({ db: database, version: pkg.version, limits: { offersPerHour: 10_000 }, now: () => at }));

  test('a form sent faster than a person could fill it gets a plausible answer and nothing is stored', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const site = clocked();
    const before = await rows();
    await submitted(await postFilledForm(site, '', at - 500));
    await submitted(await postJson(site, '/offers', { ...mixedOffer(), form: { startedAt: at - (MIN_FILL_MS - 1), website: '' } }));
    // A start in the future (a forged or broken field) counts as too fast, too.
    await submitted(await postJson(site, '/offers', { ...mixedOffer(), form: { startedAt: at + 61_000, website: '' } }));
    expect(await rows()).toEqual(before);
    expect(warn).toHaveBeenCalledTimes(3);
    warn.mockRestore();
  });

  test('a form filled at a human pace is stored, from the minimum fill time on', async () => {
    const site = clocked();
    const before = await rows();
    await submitted(await postFilledForm(site, '', at - 45_000));
    await submitted(await postJson(site, '/offers', { ...mixedOffer(), form: { startedAt: at - MIN_FILL_MS, website: '' } }));
    expect((await rows()).offers - before.offers).toBe(2);
  });
});

describe('POST /api/offers: per-address rate limit', () => {
  let limited: ReturnType<typeof createApp>;
  beforeEach(() => {
    limited = checkedApp(createApp({ db: database, version: pkg.version, limits: { offersPerHour: 3, lookupsPerHour: 2 } }));
  });

  test('the fourth offer in an hour from one address is refused with Retry-After, in the body’s language', async () => {
    const clientAddress = '203.0.113.10';
    for (let i = 0; i < 3; i++) await submitted(await postJson(limited, '/offers', mixedOffer(), { clientAddress }));
    const before = await rows();
    const res = await postJson(
      limited,
      '/offers',
      { ...mixedOffer(), locale: 'es' },
      { clientAddress, headers: { 'Accept-Language': 'es' } },
    );
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.code).toBe('rate_limited');
    expect(error.message).toBe(errorsIn('es')['error.rateLimited']?.replace('{{minutes}}', String(Math.ceil(retryAfter / 60))));
    expect(await rows()).toEqual(before);
    // Another address is not affected.
    await submitted(await postJson(limited, '/offers', mixedOffer(), { clientAddress: '203.0.113.11' }));
  });

  test('the limit holds across app instances, because it is counted in the database', async () => {
    const clientAddress = '203.0.113.20';
    const other = checkedApp(createApp({ db: database, version: pkg.version, limits: { offersPerHour: 3 } }));
    await submitted(await postJson(limited, '/offers', mixedOffer(), { clientAddress }));
    await submitted(await postJson(other, '/offers', mixedOffer(), { clientAddress }));
    await submitted(await postJson(limited, '/offers', mixedOffer(), { clientAddress }));
    expect((await postJson(other, '/offers', mixedOffer(), { clientAddress })).status).toBe(429);
  });

  test('a new hour starts a new count', async () => {
    let now = Date.UTC(2026, 0, 1, 10, 59, 0);
    const clock = checkedApp(createApp({ db: database, version: pkg.version, limits: { offersPerHour: 1 }, now: () => now }));
    const clientAddress = '203.0.113.30';
    await submitted(await postJson(clock, '/offers', mixedOffer(), { clientAddress }));
    const res = await postJson(clock, '/offers', mixedOffer(), { clientAddress });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    now += 61_000;
    await submitted(await postJson(clock, '/offers', mixedOffer(), { clientAddress }));
  });

  test('a limit of 0 turns the limit off (for benchmarks)', async () => {
    const unlimited = checkedApp(createApp({ db: database, version: pkg.version, limits: { offersPerHour: 0 } }));
    const answers = await Promise.all(
      Array.from({ length: 25 }, () => postJson(unlimited, '/offers', mixedOffer(), { clientAddress: '203.0.113.70' })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(25).fill(201));
  });

  test('lookups have their own limit', async () => {
    const clientAddress = '203.0.113.40';
    for (let i = 0; i < 2; i++) {
      expect((await postJson(limited, '/offers/lookup', { reference: 'TX-2222-2222', email: 'a@b.cd' }, { clientAddress })).status).toBe(
        404,
      );
    }
    const res = await postJson(limited, '/offers/lookup', { reference: 'TX-2222-2222', email: 'a@b.cd' }, { clientAddress });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBeTruthy();
  });
});

describe('POST /api/offers: one transaction', () => {
  test('when a later write fails, the offer, its contact and its lines are all gone, and the log names no one', async () => {
    await database.db.execute(
      sql`create function tx_test_fail() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`,
    );
    await database.db.execute(sql`create trigger tx_test_fail before insert on offer_events for each row execute function tx_test_fail()`);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const before = await rows();
      const res = await postJson(app, '/offers', goodsOffer(), { headers: { 'Accept-Language': 'en' } });
      expect(res.status).toBe(500);
      expect(((await res.json()) as ErrorBody).error.code).toBe('internal');
      expect(await rows()).toEqual(before);
      const log = logged.mock.calls
        .map((args) => args.map((a) => (a instanceof Error ? `${a.message} ${String(a.cause)}` : String(a))).join(' '))
        .join('\n');
      expect(log).toMatch(/submitOffer failed/);
      expect(log).not.toMatch(/lin@example\.org|Lin Haining|Asociación/);
    } finally {
      logged.mockRestore();
      await database.db.execute(sql`drop trigger tx_test_fail on offer_events`);
      await database.db.execute(sql`drop function tx_test_fail()`);
    }
  });

  test('a reference that is already taken is drawn again', async () => {
    const taken = await submitted(await postJson(app, '/offers', mixedOffer()));
    const queue = [taken, 'TX-ABCD-EFGH'];
    const unlucky = checkedApp(
      createApp({
        db: database,
        version: pkg.version,
        limits: { offersPerHour: 10 },
        newReference: () => queue.shift() ?? 'TX-2345-6789',
      }),
    );
    expect(await submitted(await postJson(unlucky, '/offers', goodsOffer(), { clientAddress: '203.0.113.60' }))).toBe('TX-ABCD-EFGH');
  });
});

describe('POST /api/offers/lookup', () => {
  let reference: string;
  beforeAll(async () => {
    reference = await submitted(await postJson(app, '/offers', yenCashOffer()));
  });

  test('the reference with the phone number, as typed at home, shows the status and its history', async () => {
    const res = await postJson(app, '/offers/lookup', { reference: reference.toLowerCase().replaceAll('-', ' '), phone: '090 1234 5678' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { reference: string; status: string; history: { status: string; at: string }[]; cash: unknown };
    expect(body).toMatchObject({ reference, status: 'submitted', cash: { amount: '1000000', currency: 'JPY', amountMinor: 1_000_000 } });
    expect(body.history).toEqual([{ status: 'submitted', note: null, at: expect.any(String) }]);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(JSON.stringify(body)).not.toContain('+819012345678');
  });

  test('an email matches whatever its letter case', async () => {
    const mixed = await submitted(await postJson(app, '/offers', mixedOffer()));
    expect((await postJson(app, '/offers/lookup', { reference: mixed, email: 'hong@example.ph' })).status).toBe(200);
  });

  test('a wrong contact detail and an unknown reference get the same answer', async () => {
    const wrong = await postJson(app, '/offers/lookup', { reference, phone: '+81 90 0000 0000', locale: 'es' });
    const unknown = await postJson(app, '/offers/lookup', { reference: 'TX-2345-6789', phone: '+81 90 1234 5678', locale: 'es' });
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    const a = ((await wrong.json()) as ErrorBody).error;
    const b = ((await unknown.json()) as ErrorBody).error;
    expect({ ...a, requestId: '' }).toEqual({ ...b, requestId: '' });
    expect(a.message).toBe(errorsIn('es')['error.lookupNotFound']);
  });

  test('a malformed reference is a field problem in the body’s language', async () => {
    const res = await postJson(app, '/offers/lookup', { reference: 'TX-OOII-LL11', email: 'a@b.cd', locale: 'ja' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).error.fields).toEqual([
      { path: 'reference', code: 'reference', message: errorsIn('ja')['validation.reference'] },
    ]);
  });
});

describe('GET /api/catalog', () => {
  test('names items, units and currencies in the language asked for, and may be cached', async () => {
    const res = await app.request('/api/catalog?locale=es');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/s-maxage/);
    const body = (await res.json()) as {
      locale: string;
      items: { item: string; name: string; unit: string; unitName: string }[];
      currencies: { code: string; name: string; minorUnits: number }[];
    };
    expect(body.locale).toBe('es');
    expect(body.items.find((i) => i.item === 'surgical_mask')).toEqual({
      item: 'surgical_mask',
      name: 'Mascarillas quirúrgicas',
      unit: 'pieces',
      unitName: 'unidades',
    });
    expect(body.items.map((i) => i.item)).toContain('oxygen_concentrator');
    expect(body.currencies.find((c) => c.code === 'JPY')).toMatchObject({ minorUnits: 0, name: 'yen japonés' });

    const again = await app.request('/api/catalog?locale=es', { headers: { 'If-None-Match': res.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
  });

  test('names them in Traditional Chinese, with Taiwan’s words, for zh-Hant', async () => {
    const res = await app.request('/api/catalog?locale=zh-Hant');
    expect(res.headers.get('content-language')).toBe('zh-Hant');
    const body = (await res.json()) as {
      locale: string;
      items: { item: string; name: string }[];
      currencies: { code: string; name: string }[];
    };
    expect(body.locale).toBe('zh-Hant');
    expect(body.items.find((i) => i.item === 'hand_sanitizer')?.name).toBe('乾洗手液');
    expect(body.items.find((i) => i.item === 'face_shield')?.name).toBe('防護面罩');
    expect(body.currencies.find((c) => c.code === 'JPY')?.name).toBe('日圓');
  });

  test('serves the OpenAPI description of the API', async () => {
    const res = await app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/offers', '/offers/lookup', '/catalog']));
  });
});
