import { and, asc, desc, eq, gte, ilike, inArray, lt, or, sql } from 'drizzle-orm';
import type { OfferStatus } from '../../src/lib/catalog';
import type { OfferSort } from '../../src/lib/staff-schemas';
import type { Drizzle } from './client';
import { guarded } from './errors';
import { offerContacts, offerGoods, offers } from './schema';

/** The staff list: counts, filters, sorting and pages, and the same search for exports. */

/** Counts per status, for the list's summary. */
export function countByStatus(db: Drizzle): Promise<Record<string, number>> {
  return guarded('countByStatus', async () => {
    const rows = await db.select({ status: offers.status, n: sql<number>`count(*)::int` }).from(offers).groupBy(offers.status);
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  });
}

export interface OfferFilters {
  status?: OfferStatus[] | undefined;
  country?: string | undefined;
  item?: string | undefined;
  q?: string | undefined;
  /** Submitted on or after / before the end of these days (YYYY-MM-DD, UTC). */
  from?: string | undefined;
  to?: string | undefined;
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

function filterConditions(f: OfferFilters) {
  const conditions = [];
  if (f.status?.length) conditions.push(inArray(offers.status, f.status));
  if (f.country) conditions.push(eq(offers.organizationCountry, f.country));
  if (f.item)
    conditions.push(
      sql`exists (select 1 from ${offerGoods} where ${offerGoods.offerId} = ${offers.id} and ${offerGoods.item} = ${f.item})`,
    );
  if (f.from) conditions.push(gte(offers.submittedAt, new Date(`${f.from}T00:00:00Z`)));
  if (f.to) conditions.push(lt(offers.submittedAt, new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000)));
  if (f.q) {
    const pattern = `%${likeEscape(f.q)}%`;
    const compact = f.q.toUpperCase().replace(/[^0-9A-Z]/g, '');
    conditions.push(
      or(
        ilike(offers.organizationName, pattern),
        ilike(offers.reference, pattern),
        compact.length >= 4 ? ilike(sql`replace(${offers.reference}, '-', '')`, `%${likeEscape(compact)}%`) : undefined,
        sql`exists (select 1 from ${offerContacts} where ${offerContacts.offerId} = ${offers.id} and (${offerContacts.name} ilike ${pattern} or ${offerContacts.email} ilike ${pattern} or ${offerContacts.phone} ilike ${pattern}))`,
      ),
    );
  }
  return conditions.length ? and(...conditions) : undefined;
}

const orderings = {
  newest: [desc(offers.submittedAt), desc(offers.reference)],
  oldest: [asc(offers.submittedAt), asc(offers.reference)],
  organization: [asc(offers.organizationName), desc(offers.submittedAt)],
  status: [asc(offers.status), desc(offers.submittedAt)],
} as const satisfies Record<OfferSort, readonly unknown[]>;

/** One page of offers for the staff list, with the total that matched. */
export function listOffers(db: Drizzle, filters: OfferFilters, options: { page: number; pageSize: number; sort: OfferSort }) {
  return guarded('listOffers', async () => {
    const where = filterConditions(filters);
    const [items, [total]] = await Promise.all([
      db
        .select({
          reference: offers.reference,
          status: offers.status,
          organizationName: offers.organizationName,
          organizationCountry: offers.organizationCountry,
          submittedAt: offers.submittedAt,
          cashAmountMinor: offers.cashAmountMinor,
          cashCurrency: offers.cashCurrency,
          goodsLines: sql<number>`(select count(*)::int from ${offerGoods} where ${offerGoods.offerId} = ${offers.id})`,
        })
        .from(offers)
        .where(where)
        .orderBy(...orderings[options.sort])
        .limit(options.pageSize)
        .offset((options.page - 1) * options.pageSize),
      db.select({ n: sql<number>`count(*)::int` }).from(offers).where(where),
    ]);
    return { items, total: total?.n ?? 0 };
  });
}

/** Every goods line (or one row for a cash-only offer) of the matching offers, for exports. */
export function exportRows(db: Drizzle, filters: OfferFilters) {
  return guarded('exportRows', async () => {
    const where = filterConditions(filters);
    return db
      .select({
        reference: offers.reference,
        status: offers.status,
        submittedAt: offers.submittedAt,
        locale: offers.locale,
        organizationName: offers.organizationName,
        organizationCountry: offers.organizationCountry,
        organizationCity: offers.organizationCity,
        organizationKind: offers.organizationKind,
        contactName: offerContacts.name,
        contactEmail: offerContacts.email,
        contactPhone: offerContacts.phone,
        item: offerGoods.item,
        itemName: offerGoods.name,
        quantity: offerGoods.quantity,
        unit: offerGoods.unit,
        standard: offerGoods.standard,
        expiresOn: offerGoods.expiresOn,
        receivedQuantity: offerGoods.receivedQuantity,
        cashAmountMinor: offers.cashAmountMinor,
        cashCurrency: offers.cashCurrency,
        cashReceivedMinor: offers.cashReceivedMinor,
        exchangeRateMicro: offers.exchangeRateMicro,
        estimatedValueCnyMinor: offers.estimatedValueCnyMinor,
        recipient: offers.recipient,
        delivery: offers.delivery,
        thankPublicly: offers.consentThankPublicly,
      })
      .from(offers)
      .leftJoin(offerContacts, eq(offerContacts.offerId, offers.id))
      .leftJoin(offerGoods, eq(offerGoods.offerId, offers.id))
      .where(where)
      .orderBy(desc(offers.submittedAt), asc(offers.reference), asc(offerGoods.position));
  });
}

export type ExportRow = Awaited<ReturnType<typeof exportRows>>[number];
