import { describe, expect, test } from 'vitest';
import { offerStatuses } from '../../src/lib/catalog';
import { allowedTransitions, checkTransition, finalStatuses, type OfferFacts, reasonRequired } from '../../src/lib/workflow';

// The workflow's rule without a database; the store (functions/db/offer-workflow.ts) and the
// API tests (tests/api/staff-offers.test.ts) use it with one.

const goodsOffer = (status: OfferFacts['status'], extra: Partial<OfferFacts> = {}): OfferFacts => ({
  status,
  goods: [
    { position: 0, quantity: 1000 },
    { position: 1, quantity: 40 },
  ],
  hasCash: false,
  ...extra,
});

describe('checkTransition', () => {
  test('refuses what the workflow does not allow, saying from where', () => {
    expect(checkTransition(goodsOffer('submitted'), { to: 'received' })).toEqual({ outcome: 'not_allowed', from: 'submitted' });
    for (const status of finalStatuses) expect(allowedTransitions(status)).toEqual([]);
  });

  test.each(reasonRequired.map((to) => [to]))('a step to %s needs a reason, and blank is none', (to) => {
    const from = offerStatuses.find((s) => allowedTransitions(s).includes(to)) ?? 'submitted';
    const facts = goodsOffer(from, { originalFound: true });
    const extra = to === 'duplicate' ? { duplicateOf: 'TX-2345-6789' } : {};
    expect(checkTransition(facts, { to, reason: '  ', ...extra })).toEqual({
      outcome: 'invalid',
      problems: [{ path: 'reason', code: 'reason_required' }],
    });
    expect(checkTransition(facts, { to, reason: 'Asked by the donor', ...extra })).toEqual({ outcome: 'allowed' });
  });

  test('a duplicate names another offer that exists', () => {
    const input = { to: 'duplicate', reason: 'Sent twice' } as const;
    expect(checkTransition(goodsOffer('submitted'), input)).toMatchObject({ problems: [{ code: 'duplicate_of_required' }] });
    expect(checkTransition(goodsOffer('submitted', { originalFound: false }), { ...input, duplicateOf: 'TX-2345-6789' })).toMatchObject({
      problems: [{ code: 'duplicate_of_unknown' }],
    });
  });

  test('received: every goods line, a reason when a quantity differs, and the cash with its rate', () => {
    const offer = goodsOffer('in_transit', { hasCash: true });
    const all = [
      { position: 0, quantity: 1000 },
      { position: 1, quantity: 40 },
    ];
    const cash = { cashReceivedMinor: 100_000, exchangeRateMicro: 7_100_000 };
    expect(checkTransition(offer, { to: 'received', ...cash })).toMatchObject({ problems: [{ code: 'received_required' }] });
    expect(checkTransition(offer, { to: 'received', received: all.slice(0, 1), ...cash })).toMatchObject({
      problems: [{ code: 'received_lines' }],
    });
    const fewer = [all[0] as { position: number; quantity: number }, { position: 1, quantity: 30 }];
    expect(checkTransition(offer, { to: 'received', received: fewer, ...cash })).toMatchObject({
      problems: [{ path: 'reason', code: 'received_reason' }],
    });
    expect(checkTransition(offer, { to: 'received', received: fewer, reason: '10 broken in transit', ...cash })).toEqual({
      outcome: 'allowed',
    });
    expect(checkTransition(offer, { to: 'received', received: all })).toMatchObject({ problems: [{ code: 'cash_received_required' }] });
    expect(checkTransition(offer, { to: 'received', received: all, ...cash })).toEqual({ outcome: 'allowed' });
    // Cash only: no lines to count.
    expect(checkTransition({ status: 'in_transit', goods: [], hasCash: true }, { to: 'received', ...cash })).toEqual({
      outcome: 'allowed',
    });
  });
});
