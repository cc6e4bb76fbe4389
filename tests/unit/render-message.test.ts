import { describe, expect, test } from 'vitest';
import { type MessageParams, newOfferFactsOf, statusChangeFactsOf } from '../../functions/mail/message-params';
import { donorStatusMail, staffNewOfferMail, staffSignInAlertMail } from '../../functions/mail/messages';
import { renderMessage } from '../../functions/mail/render-message';
import { locales } from '../../src/i18n/config';

const SITE = 'https://tongxin.example';

/** As the params come back from a jsonb column: undefined gone, nothing but JSON. */
const stored = <T>(params: T): unknown => JSON.parse(JSON.stringify(params));

const offer: MessageParams['staff_new_offer'] = {
  reference: 'TX-4K7M-Q9PD',
  locale: 'ja',
  organization: { name: '日本福建同郷会', country: 'JP' },
  goods: [
    { item: 'surgical_mask', name: null, quantity: 150_000, unit: 'pieces' },
    { item: 'other', name: '呼吸机配件', quantity: 40, unit: 'units' },
  ],
  cash: { amountMinor: 1_000_000, currency: 'JPY' },
};
const change: MessageParams['donor_status'] = {
  reference: 'TX-4K7M-Q9PD',
  locale: 'es',
  status: 'needs_info',
  note: 'Envíen la lista de lotes, por favor.',
  contactName: 'Lin Haining',
};
const alert: MessageParams['staff_alert'] = { email: 'reviewer@tongxin.example', failures: 25, minutes: 15, perAddress: 5 };

function problemOf(kind: Parameters<typeof renderMessage>[0], params: unknown): string {
  const rendered = renderMessage(kind, params);
  if (rendered.ok) throw new Error('expected a problem');
  return rendered.problem;
}

describe('renderMessage', () => {
  test('writes staff mail about a new offer as the request used to, from params stored as JSON', () => {
    expect(renderMessage('staff_new_offer', stored({ ...offer, siteUrl: SITE }))).toEqual({
      ok: true,
      mail: staffNewOfferMail(offer, SITE),
    });
    expect(renderMessage('staff_new_offer', stored({ ...offer, cash: null }))).toEqual({
      ok: true,
      mail: staffNewOfferMail({ ...offer, cash: null }),
    });
  });

  test.each(locales)('writes the donor’s mail in %s as the request used to', (locale) => {
    const facts = { ...change, locale };
    expect(renderMessage('donor_status', stored({ ...facts, siteUrl: SITE }))).toEqual({ ok: true, mail: donorStatusMail(facts, SITE) });
  });

  test('writes the sign-in alert, and without a site address says where to look', () => {
    const rendered = renderMessage('staff_alert', stored(alert));
    expect(rendered).toEqual({ ok: true, mail: staffSignInAlertMail(alert) });
    expect(rendered.ok && rendered.mail.text).not.toContain('http');
  });

  test('keys it does not know are left aside: a row written by a newer version still reads', () => {
    expect(renderMessage('staff_alert', { ...alert, newerField: true })).toEqual({ ok: true, mail: staffSignInAlertMail(alert) });
  });

  test('params that do not fit their kind give a problem naming the field, never its value', () => {
    const problem = problemOf('donor_status', { ...change, contactName: undefined, status: 'Lin Haining was here' });
    expect(problem).toMatch(/^Cannot write the donor_status message from its params: /);
    expect(problem).toContain('contactName');
    expect(problem).toContain('status');
    expect(problem).not.toContain('Lin Haining');
  });

  test.each([
    ['no object at all', null],
    ['a string', 'Lin Haining'],
    ['an empty object', {}],
  ])('%s is a problem, not an exception', (_, params) => {
    expect(problemOf('staff_new_offer', params)).toMatch(/^Cannot write the staff_new_offer message from its params: /);
  });

  test.each([
    ['a country the display names would refuse', { ...offer, organization: { name: 'x', country: 'japan' } }, 'organization.country'],
    ['a currency the formatter would refuse', { ...offer, cash: { amountMinor: 1, currency: 'yen' } }, 'cash.currency'],
    ['a site address that is not http(s)', { ...offer, siteUrl: 'javascript:alert(1)' }, 'siteUrl'],
    ['a locale the portal does not have', { ...offer, locale: 'fr' }, 'locale'],
  ])('%s is caught before writing', (_, params, path) => {
    expect(problemOf('staff_new_offer', params)).toContain(path);
  });

  test('a kind it does not know is a problem', () => {
    expect(problemOf('newsletter' as never, {})).toBe('Cannot write a message of the unknown kind newsletter');
  });
});

describe('the facts a message keeps', () => {
  test('of a new offer: what staff mail names, not the contact, the notes or the location', () => {
    const submission = {
      ...offer,
      contact: { name: 'Chen Meiling', email: 'chen@example.jp' },
      notes: 'Call Chen after six.',
      location: 'Kobe',
      goods: [{ item: 'other', name: '呼吸机配件', quantity: 40, unit: 'units', standard: 'GB 2626', expiresOn: '2027-01-01' }],
    };
    const facts = newOfferFactsOf(submission);
    expect(facts).toEqual({ ...offer, goods: [{ item: 'other', name: '呼吸机配件', quantity: 40, unit: 'units' }] });
    expect(JSON.stringify(facts)).not.toMatch(/Chen|Kobe|GB 2626/);
  });

  test('of a status change: not the donor’s address, which is the recipient', () => {
    expect(statusChangeFactsOf({ ...change, email: 'lin@example.org' } as typeof change)).toEqual(change);
  });
});
