import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countOfferRows, findOfferForDonor, type NewOffer, submitOffer } from '../../functions/db/offers';
import { outbox } from '../../functions/db/schema';
import { createDeliverer } from '../../functions/mail/deliverer';
import type { OutgoingMail } from '../../functions/mail/transport';
import { type Locale, localeConfig, locales } from '../../src/i18n/config';
import { problemParams, translate } from '../../src/lib/problem-message';
import { testApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { type ErrorBody, goodsOffer, mixedOffer, postJson, yenCashOffer } from '../helpers/offers';
import { addStaffMember, ORIGIN, signIn } from '../helpers/staff';

let database: TestDatabase;
let app: ReturnType<typeof testApp>;
let cookie = '';
const PASSWORD = 'reviewer password 2026';
const BCC = 'lin@ex.org?bcc=x%40evil.example';

beforeAll(async () => {
  database = await createTestDatabase();
  app = testApp(database, { limits: { offersPerHour: 10_000, lookupsPerHour: 10_000 }, mail: { sending: true } });
  await addStaffMember(database.db, 'rev@example.org', 'reviewer', PASSWORD);
  cookie = await signIn(app, 'rev@example.org', PASSWORD);
});
afterAll(() => database.destroy());

const rows = () => countOfferRows(database.db);
const errorsIn = (lng: string) => JSON.parse(readFileSync(path.resolve('locales', lng, 'errors.json'), 'utf8')) as Record<string, string>;

async function submitted(res: Response): Promise<string> {
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

type Case = { name: string; offer: () => Record<string, unknown>; path: string; code: string };

const withOrg = (patch: object) => () => ({ ...mixedOffer(), organization: { ...mixedOffer().organization, ...patch } });
const withContact = (patch: object) => () => ({ ...mixedOffer(), contact: { ...mixedOffer().contact, ...patch } });
const withLine = (patch: object) => () => ({ ...mixedOffer(), goods: [{ ...mixedOffer().goods[0], ...patch }] });

/** The cases one rule refuses, each `[what, offer, the field named]`. */
const refusedAs = (code: string, cases: [string, Case['offer'], string][]): Case[] =>
  cases.map(([name, offer, path]) => ({ name, offer, path, code }));

const refused: Case[] = [
  ...refusedAs('invisibleCharacters', [
    ['a right-to-left override in the organisation name', withOrg({ name: 'ACME \u202egro.elpmaxe\u202c' }), 'organization.name'],
    ['a zero-width space in the city', withOrg({ city: 'Buenos\u200bAires' }), 'organization.city'],
    ['a C1 control in the contact name', withContact({ name: 'Lin\u0085Haining' }), 'contact.name'],
    ['a line separator in the role', withContact({ role: 'Presidente\u2028Bcc: x' }), 'contact.role'],
    ['a left-to-right mark in a WeChat id', withContact({ wechat: 'hong\u200e_mnl' }), 'contact.wechat'],
    ['a byte-order mark in the goods name', withLine({ name: '呼吸机\ufeff配件' }), 'goods[0].name'],
    ['a soft hyphen in the standard', withLine({ standard: 'EN\u00ad14683' }), 'goods[0].standard'],
    ['a word joiner in the location', () => ({ ...mixedOffer(), location: 'Manila\u2060Port' }), 'location'],
    ['a bidi isolate in the notes', () => ({ ...mixedOffer(), notes: 'ok \u2066x\u2069' }), 'notes'],
  ]),
  ...refusedAs('email', [
    ['an email with a BCC', withContact({ email: BCC }), 'contact.email'],
    ['an email without a dot in its domain', withContact({ email: 'hong@localhost' }), 'contact.email'],
    ['an email with a Chinese local part', withContact({ email: '洪@example.ph' }), 'contact.email'],
  ]),
  ...refusedAs('phone', [
    ['a 5-digit phone number', withContact({ phone: '12345' }), 'contact.phone'],
    ['a phone number of the right length in no real range', withContact({ phone: '+81 90 0000 0000' }), 'contact.phone'],
  ]),
];

describe.each(locales)('POST /api/offers: hidden characters, bad emails and phones are refused in %s', (lng: Locale) => {
  const messages = errorsIn(lng);
  const intl = localeConfig[lng].intl;

  test.each(refused)('$name → $path: $code, and nothing is stored', async ({ offer, path: field, code }) => {
    const before = await rows();
    const res = await postJson(app, '/offers', { ...offer(), locale: lng });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.fields).toEqual([{ path: field, code, message: expect.any(String) }]);
    const message = error.fields?.[0]?.message;
    expect(message).toBe(translate(messages, intl, `validation.${code}`, problemParams({ path: field, code }, intl)));
    expect(message).not.toMatch(/validation\.|\{\{/);
    expect(await rows()).toEqual(before);
  });
});

describe('POST /api/offers: what people really write is kept', () => {
  test('names with emoji sequences, Persian and Sinhala joiners, accents typed two ways are stored, in NFC', async () => {
    const offer = {
      ...mixedOffer(),
      organization: { name: 'Familia 👨\u200d👩\u200d👧 y 👩🏽\u200d⚕\ufe0f Asociacio\u0301n', country: 'AR', kind: 'other' },
      contact: { name: 'شرکت دوستی\u200cها', role: 'ශ්\u200dරී ලංකා', email: 'lin@example.org' },
    };
    const reference = await submitted(await postJson(app, '/offers', offer));
    const stored = await findOfferForDonor(database.db, reference);
    expect(stored?.organization.name).toBe('Familia 👨\u200d👩\u200d👧 y 👩🏽\u200d⚕\ufe0f Asociación');
    expect(stored?.contacts[0]?.name).toBe('شرکت دوستی\u200cها');
  });

  test('an Argentine mobile written at home with 15 is stored as the number abroad dial, and found again as typed', async () => {
    const reference = await submitted(
      await postJson(app, '/offers', { ...goodsOffer(), contact: { name: 'Lin Haining', phone: '011 15-2345-6789' } }),
    );
    expect((await findOfferForDonor(database.db, reference))?.contacts[0]?.phone).toBe('+5491123456789');
    for (const phone of ['011 15-2345-6789', '+54 9 11 2345-6789', '0054 9 11 2345 6789']) {
      expect((await postJson(app, '/offers/lookup', { reference, phone })).status, phone).toBe(200);
    }
    // The hand-written rule read it as +5401115…, a number nobody answers.
    expect((await postJson(app, '/offers/lookup', { reference, phone: '+54 11 15 2345 6789' })).status).toBe(200);
    expect((await postJson(app, '/offers/lookup', { reference, phone: '12345' })).status).toBe(404);
  });

  test('a Chinese mobile in China and a Japanese mobile in Japan are stored in E.164', async () => {
    const cn = await submitted(
      await postJson(app, '/offers', {
        ...mixedOffer(),
        organization: { name: '福建同乡会', country: 'CN' },
        contact: { name: '洪', phone: '138 0013 8000' },
      }),
    );
    expect((await findOfferForDonor(database.db, cn))?.contacts[0]?.phone).toBe('+8613800138000');
    const jp = await submitted(await postJson(app, '/offers', yenCashOffer()));
    expect((await findOfferForDonor(database.db, jp))?.contacts[0]?.phone).toBe('+819012345678');
  });

  test('an email whose domain is written in Japanese is stored as the browser submits it, and found again as typed', async () => {
    const reference = await submitted(await postJson(app, '/offers', { ...mixedOffer(), contact: { name: '陳', email: 'chen@例え.jp' } }));
    expect((await findOfferForDonor(database.db, reference))?.contacts[0]?.email).toBe('chen@xn--r8jz45g.jp');
    expect((await postJson(app, '/offers/lookup', { reference, email: 'chen@例え.jp' })).status).toBe(200);
  });

  test('the status lookup refuses an email with a BCC and hidden characters in the same words', async () => {
    const res = await postJson(app, '/offers/lookup', { reference: 'TX-2345-6789', email: BCC, locale: 'ja' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).error.fields).toEqual([
      { path: 'email', code: 'email', message: errorsIn('ja')['validation.email'] },
    ]);
    const hidden = await postJson(app, '/offers/lookup', {
      reference: 'TX-2345-6789',
      email: 'lin@example.org',
      phone: '090\u200b1234',
      locale: 'es',
    });
    expect(((await hidden.json()) as ErrorBody).error.fields).toEqual([
      { path: 'phone', code: 'invisibleCharacters', message: errorsIn('es')['validation.invisibleCharacters'] },
    ]);
  });
});

describe('staff free text follows the same rule', () => {
  async function newOffer(): Promise<string> {
    return submitted(await postJson(app, '/offers', goodsOffer()));
  }

  test('a reason with a right-to-left override is a 422 naming the field, in the staff member’s language', async () => {
    const reference = await newOffer();
    const res = await app.request(`/api/staff/offers/${reference}/transitions`, {
      method: 'POST',
      headers: { cookie, origin: ORIGIN, 'content-type': 'application/json', 'accept-language': 'zh' },
      body: JSON.stringify({ to: 'needs_info', reason: 'Please call \u202e3210 555 (213)', visibleToDonor: true }),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as ErrorBody).error.fields).toEqual([
      { path: 'reason', code: 'invisibleCharacters', message: errorsIn('zh')['validation.invisibleCharacters'] },
    ]);
  });

  test('a note with a C1 control is a 422; line breaks and right-to-left marks are kept, U+2028 as a line break', async () => {
    const reference = await newOffer();
    const post = (body: string) =>
      app.request(`/api/staff/offers/${reference}/notes`, {
        method: 'POST',
        headers: { cookie, origin: ORIGIN, 'content-type': 'application/json', 'accept-language': 'en' },
        body: JSON.stringify({ body }),
      });
    const refusedNote = await post('called\u0085back');
    expect(refusedNote.status).toBe(422);
    expect(((await refusedNote.json()) as ErrorBody).error.fields).toEqual([
      { path: 'body', code: 'invisibleCharacters', message: errorsIn('en')['validation.invisibleCharacters'] },
    ]);
    const kept = await post('Called twice.\nطلب \u200f(12)\u2028Will call again.');
    expect(kept.status).toBe(201);
    const detail = await app.request(`/api/staff/offers/${reference}`, { headers: { cookie } });
    expect(((await detail.json()) as { notes: { body: string }[] }).notes.map((n) => n.body)).toEqual([
      'Called twice.\nطلب \u200f(12)\nWill call again.',
    ]);
  });
});

describe('an address stored before the email rule never reaches a mail header', () => {
  /** An offer as an older version stored it, past the schema: its email would open a mail with a hidden copy. */
  async function oldOffer(email: string): Promise<string> {
    const offer: NewOffer = {
      locale: 'es',
      organization: { name: 'Asociación antigua', country: 'AR' },
      contact: { name: 'Lin', email },
      goods: [{ item: 'goggles', quantity: 5, unit: 'pieces' }],
      recipient: 'organisers_decide',
      delivery: 'undecided',
      consent: { dataProcessing: true, thankPublicly: false },
    };
    const result = await submitOffer(database.db, offer);
    if (result.outcome !== 'created') throw new Error(result.outcome);
    return result.reference;
  }

  test('the staff page is told not to make it a mailto: link', async () => {
    const reference = await oldOffer(BCC);
    const res = await app.request(`/api/staff/offers/${reference}`, { headers: { cookie } });
    const detail = (await res.json()) as { contacts: { email: string; emailValid: boolean }[] };
    expect(detail.contacts).toMatchObject([{ email: BCC, emailValid: false }]);
    const good = await submitted(await postJson(app, '/offers', goodsOffer()));
    const shown = (await (await app.request(`/api/staff/offers/${good}`, { headers: { cookie } })).json()) as typeof detail;
    expect(shown.contacts).toMatchObject([{ email: 'lin@example.org', emailValid: true }]);
  });

  test('a status change the donor sees queues no mail to it', async () => {
    const reference = await oldOffer(BCC);
    await database.db.delete(outbox);
    const res = await app.request(`/api/staff/offers/${reference}/transitions`, {
      method: 'POST',
      headers: { cookie, origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'under_review', visibleToDonor: true }),
    });
    expect(res.status).toBe(200);
    expect(await database.db.select().from(outbox)).toEqual([]);
  });

  test('mail already queued to such an address fails for good without reaching the SMTP server', async () => {
    await database.db.delete(outbox);
    await database.db.insert(outbox).values([
      { kind: 'donor_status', recipient: BCC, subject: 's', bodyText: 't' },
      { kind: 'donor_status', recipient: 'lin@example.org', subject: 's', bodyText: 't' },
    ]);
    const sent: OutgoingMail[] = [];
    const deliverer = createDeliverer({
      db: database.db,
      transport: {
        send: async (mail) => {
          sent.push(mail);
          return 'sent' as const;
        },
      },
      from: 'noreply@example.org',
    });
    expect(await deliverer.drain()).toEqual({ sent: 1, retrying: 0, failed: 1 });
    expect(sent.map((m) => m.to)).toEqual(['lin@example.org']);
    const [failed] = await database.db.select().from(outbox).where(eq(outbox.recipient, BCC));
    expect(failed).toMatchObject({ status: 'failed', lastError: 'The recipient is not a valid email address.' });
  });
});
