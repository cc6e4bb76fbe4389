import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Drizzle } from './client';
import { ERASED_NAME } from './erasure';
import { guarded } from './errors';
import { offerEvents, offerGoods, offers } from './schema';
import { arrivedStatuses } from './totals-version';

/**
 * Who an offer counts as in the totals' number of organisations: its organisation's
 * name, or, for an erased person (whose name became ERASED_NAME), the offer itself, so
 * that erasing people does not merge them into one and change the published count.
 */
const countedOrganisation = sql`case when ${offers.erasedAt} is not null and ${offers.organizationName} = ${ERASED_NAME} then ${offers.id}::text else ${offers.organizationName} end`;

/** The public totals, computed from arrived offers only. No personal data. */
export function computeTotals(db: Drizzle) {
  return guarded('computeTotals', async () => {
    const arrived = inArray(offers.status, arrivedStatuses);
    const [goods, cash, countries, value, thanked, latest] = await Promise.all([
      db
        .select({
          item: offerGoods.item,
          unit: offerGoods.unit,
          quantity: sql<number>`coalesce(sum(${offerGoods.receivedQuantity}), 0)::bigint`,
        })
        .from(offerGoods)
        .innerJoin(offers, eq(offers.id, offerGoods.offerId))
        .where(arrived)
        .groupBy(offerGoods.item, offerGoods.unit)
        .orderBy(offerGoods.item),
      db
        .select({ currency: offers.cashCurrency, amountMinor: sql<number>`sum(${offers.cashReceivedMinor})::bigint` })
        .from(offers)
        .where(and(arrived, isNotNull(offers.cashReceivedMinor)))
        .groupBy(offers.cashCurrency)
        .orderBy(offers.cashCurrency),
      db
        .select({
          country: offers.organizationCountry,
          offers: sql<number>`count(*)::int`,
          organizations: sql<number>`count(distinct ${countedOrganisation})::int`,
        })
        .from(offers)
        .where(arrived)
        .groupBy(offers.organizationCountry)
        .orderBy(offers.organizationCountry),
      db
        .select({
          goodsCnyMinor: sql<number>`coalesce(sum(${offers.estimatedValueCnyMinor}), 0)::bigint`,
          // fen = minor units × (rate × 10^6) / 10^6, scaled between the currency's and CNY's minor units by the caller.
          organizations: sql<number>`count(distinct ${countedOrganisation})::int`,
        })
        .from(offers)
        .where(arrived),
      db
        .selectDistinct({ name: offers.organizationName, country: offers.organizationCountry })
        .from(offers)
        .where(and(arrived, eq(offers.consentThankPublicly, true), isNull(offers.erasedAt)))
        .orderBy(offers.organizationName),
      db
        .select({ at: sql<Date | null>`max(${offerEvents.createdAt})` })
        .from(offerEvents)
        .where(inArray(offerEvents.status, arrivedStatuses)),
    ]);
    const cashRows = await db
      .select({ currency: offers.cashCurrency, received: offers.cashReceivedMinor, rate: offers.exchangeRateMicro })
      .from(offers)
      .where(and(arrived, isNotNull(offers.cashReceivedMinor)));
    return {
      goods: goods.map((g) => ({ ...g, quantity: Number(g.quantity) })),
      cash: cash.map((c) => ({ currency: c.currency as string, amountMinor: Number(c.amountMinor) })),
      countries,
      goodsValueCnyMinor: Number(value[0]?.goodsCnyMinor ?? 0),
      organizations: value[0]?.organizations ?? 0,
      cashRows: cashRows.map((r) => ({
        currency: r.currency as string,
        receivedMinor: Number(r.received),
        rateMicro: Number(r.rate ?? 0),
      })),
      thanked,
      asOf: latest[0]?.at ? new Date(latest[0].at) : null,
    };
  });
}
