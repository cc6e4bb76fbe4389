import * as z from 'zod/mini';
import { offerLimits } from './catalog';
import { currencyMinorUnits, isCurrencyCode } from './currencies';
import { accepts, describing, isBlank, report } from './field-rules';
import { normalizeAmount, toMinorUnits } from './money';

/**
 * The offer's cash field: an amount as the donor writes it and an ISO 4217 currency,
 * checked together (a currency's decimals decide what the amount may have) and kept as
 * integer minor units. Problems land on `cash.amount` or `cash.currency`.
 */

export interface Cash {
  /** Canonical decimal string, as the donor meant it: `350000.00`. */
  amount: string;
  currency: string;
  /** The same amount in the currency's minor units (fen, cents; yen have none). */
  amountMinor: number;
}

export const cash = accepts(
  z.transform<unknown, Cash | undefined>((input, ctx) => {
    if (input === undefined || input === null) return undefined;
    if (typeof input !== 'object' || Array.isArray(input)) {
      report(ctx, input, 'invalid');
      return undefined;
    }
    const { amount: rawAmount, currency: rawCurrency } = input as { amount?: unknown; currency?: unknown };
    if (isBlank(rawAmount) && isBlank(rawCurrency)) return undefined;
    const currency = typeof rawCurrency === 'string' ? rawCurrency.trim().toUpperCase() : '';
    if (isBlank(rawCurrency)) report(ctx, rawCurrency, 'required', undefined, ['currency']);
    else if (!isCurrencyCode(currency)) report(ctx, rawCurrency, 'currency', undefined, ['currency']);
    const amount =
      typeof rawAmount === 'number' && Number.isFinite(rawAmount)
        ? normalizeAmount(String(rawAmount))
        : typeof rawAmount === 'string'
          ? normalizeAmount(rawAmount)
          : undefined;
    if (isBlank(rawAmount)) {
      report(ctx, rawAmount, 'required', undefined, ['amount']);
      return undefined;
    }
    if (amount === undefined) {
      report(ctx, rawAmount, 'amount', undefined, ['amount']);
      return undefined;
    }
    if (!isCurrencyCode(currency)) return undefined;
    const minor = toMinorUnits(amount, currency, offerLimits.amount);
    if ('problem' in minor) {
      const code = minor.problem === 'format' ? 'amount' : minor.problem === 'range' ? 'amountRange' : undefined;
      if (code) report(ctx, rawAmount, code, code === 'amountRange' ? { max: offerLimits.amount, currency } : undefined, ['amount']);
      else {
        const allowed = currencyMinorUnits(currency);
        report(ctx, rawAmount, allowed === 0 ? 'amountNoDecimals' : 'amountDecimals', { count: allowed, currency }, ['amount']);
      }
      return undefined;
    }
    return { amount, currency, amountMinor: minor.minor };
  }),
  describing && {
    type: 'object',
    description: 'Cash, in the donor’s currency; leave it out to offer goods only.',
    properties: {
      amount: { type: ['string', 'number'], description: 'As the donor writes it: `350000.50`, `350.000,50`.' },
      currency: { type: 'string', pattern: '^[A-Za-z]{3}$', description: 'ISO 4217' },
    },
    required: ['amount', 'currency'],
  },
);
