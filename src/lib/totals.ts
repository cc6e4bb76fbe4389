import { currencyMinorUnits } from './currencies';

/**
 * Cash received in another currency, in fen (CNY minor units), from integer inputs only:
 * minor units of the currency and the rate (CNY per unit) times 1,000,000. Rounded half up.
 */
export function cashToFen(receivedMinor: number, currency: string, rateMicro: number): number {
  if (currency === 'CNY') return receivedMinor;
  const scale = 10n ** BigInt(currencyMinorUnits(currency)) * 1_000_000n;
  const numerator = BigInt(receivedMinor) * BigInt(rateMicro) * 100n;
  return Number((numerator * 2n + scale) / (scale * 2n));
}
