import { and, asc, count, eq, gt, sql } from 'drizzle-orm';
import type { Locale } from '../../src/i18n/config';
import type { Delivery, Item, OfferStatus, Recipient } from '../../src/lib/catalog';
import type { Offer } from '../../src/lib/offer-schema';
import { newReference } from '../../src/lib/reference';
import type { Drizzle } from './client';
import { guarded, isUniqueViolation, StoreError } from './errors';
import { offerValues, requestHashOf, shapeOf, writeOffer } from './offer-statement';
import type { OutboxDraft, QueueOptions } from './outbox';
import { idempotencyKeys, offerContacts, offerEvents, offerGoods, offers } from './schema';

export interface NewOffer extends Omit<Offer, 'form' | 'locale'> {
  locale: Locale;
}

export interface SubmitOptions {
  /** The client's `Idempotency-Key` and the offer it was sent with, as text (a repeat must be the same text). */
  idempotency?: { key: string; request: string };
  /** Where references come from; tests hand in a predictable one. */
  newReference?: () => string;
  /** The app's clock: an idempotency key counts for IDEMPOTENCY_KEY_HOURS from this moment. */
  now?: Date;
  /** Mail about the new offer, queued in the offer's own statement. */
  messages?: { drafts: (reference: string) => readonly OutboxDraft[]; status: QueueOptions['status'] };
}

/** How long a repeat with the same `Idempotency-Key` returns the first offer; after that the key is unknown. */
export const IDEMPOTENCY_KEY_HOURS = 24;
const keyCutoff = (now: Date) => new Date(now.getTime() - IDEMPOTENCY_KEY_HOURS * 3_600_000);

export type SubmitResult =
  | { outcome: 'created'; reference: string }
  /** The key was used before for this same offer: its first reference, nothing new stored. */
  | { outcome: 'replayed'; reference: string }
  /** The key was used before for a different offer. */
  | { outcome: 'key_conflict' };

class KeyTaken extends Error {}

const REFERENCE_ATTEMPTS = 5;

/** The key's earlier answer, if the key was used less than IDEMPOTENCY_KEY_HOURS ago (older rows may wait for the sweep). */
async function answeredKey(db: Drizzle, key: string, request: string, now: Date): Promise<SubmitResult | undefined> {
  const [row] = await db
    .select({ same: sql<boolean>`${idempotencyKeys.requestHash} = ${requestHashOf(request)}`, reference: offers.reference })
    .from(idempotencyKeys)
    .innerJoin(offers, eq(offers.id, idempotencyKeys.offerId))
    .where(and(eq(idempotencyKeys.key, key), gt(idempotencyKeys.createdAt, keyCutoff(now))));
  if (!row) return undefined;
  return row.same ? { outcome: 'replayed', reference: row.reference } : { outcome: 'key_conflict' };
}

/**
 * Stores an offer with its contact, its goods lines, its first history event and its
 * queued mail, all in one transaction: a failure anywhere leaves nothing behind.
 *
 * With an idempotency key, the key row is written in the same statement, inside a
 * transaction (BEGIN, the statement, COMMIT: three round trips). A key row older than
 * IDEMPOTENCY_KEY_HOURS counts as unused, and is taken over. When a live row holds the
 * key, the statement says so, the transaction rolls back, and the key's first answer is
 * read: the same reference (a repeat) or a conflict (another offer). Two identical
 * requests at the same moment both try; the key's primary key makes the second wait for
 * the first, find the key taken and roll back, and it then answers with the first one's
 * reference. The key is not looked up first: a repeat is rare, and the lookup cost every
 * new offer a round trip (issue 13, docs/performance.md).
 */
export function submitOffer(db: Drizzle, offer: NewOffer, options: SubmitOptions = {}): Promise<SubmitResult> {
  const { idempotency, messages } = options;
  const reference = options.newReference ?? newReference;
  const now = options.now ?? new Date();
  return guarded('submitOffer', async () => {
    for (let attempt = 1; ; attempt++) {
      const id = crypto.randomUUID();
      const ref = reference();
      try {
        const drafts = messages?.drafts(ref) ?? [];
        const shape = shapeOf(offer, drafts, idempotency !== undefined);
        const key = idempotency && { ...idempotency, now, cutoff: keyCutoff(now) };
        const values = offerValues(id, ref, offer, drafts, { status: messages?.status ?? 'held', now }, key);
        if (idempotency) {
          await db.transaction(async (tx) => {
            // A key older than its lifetime is taken over; a live one is not, and nothing of this offer stays.
            if (!(await writeOffer(tx, shape, values))) throw new KeyTaken();
          });
        } else {
          // One statement is one transaction: all of it is stored, or none of it.
          await writeOffer(db, shape, values);
        }
        return { outcome: 'created', reference: ref };
      } catch (err) {
        if (err instanceof KeyTaken && idempotency) {
          const earlier = await answeredKey(db, idempotency.key, idempotency.request, now);
          if (earlier) return earlier;
          throw new StoreError('submitOffer', undefined, 'idempotency_keys_pkey');
        }
        // A reference already in use (about one chance in 10^11 per offer): draw another.
        if (isUniqueViolation(err, 'offers_reference_unique') && attempt < REFERENCE_ATTEMPTS) continue;
        throw err;
      }
    }
  });
}

export interface DonorView {
  reference: string;
  status: OfferStatus;
  locale: string;
  submittedAt: Date;
  organization: { name: string; country: string; city: string | null };
  contacts: { name: string; email: string | null; phone: string | null }[];
  goods: { item: Item; name: string | null; quantity: number; unit: string; standard: string | null; expiresOn: string | null }[];
  cash: { amountMinor: number; currency: string } | null;
  recipient: Recipient;
  availableFrom: string | null;
  location: string | null;
  delivery: Delivery;
  notes: string | null;
  history: { status: OfferStatus; note: string | null; at: Date }[];
}

/**
 * The contact details an offer can be looked up with, in one query. A lookup runs it
 * whether the reference exists or not, so a wrong reference and a wrong contact detail
 * cost the same: the time of the answer does not tell which one was wrong.
 */
export function findLookupContacts(
  db: Drizzle,
  reference: string,
): Promise<{ country: string; contacts: { email: string | null; phone: string | null }[] } | undefined> {
  return guarded('findLookupContacts', async () => {
    const rows = await db
      .select({ country: offers.organizationCountry, email: offerContacts.email, phone: offerContacts.phone })
      .from(offers)
      .innerJoin(offerContacts, eq(offerContacts.offerId, offers.id))
      .where(eq(offers.reference, reference));
    const [first] = rows;
    return first ? { country: first.country, contacts: rows.map(({ email, phone }) => ({ email, phone })) } : undefined;
  });
}

/** Everything the donor may see about an offer, or `undefined`. Checking who asks is the caller's job. */
export function findOfferForDonor(db: Drizzle, reference: string): Promise<DonorView | undefined> {
  return guarded('findOfferForDonor', async () => {
    const [offer] = await db.select().from(offers).where(eq(offers.reference, reference));
    if (!offer) return undefined;
    const [contacts, goods, history] = await Promise.all([
      db
        .select({ name: offerContacts.name, email: offerContacts.email, phone: offerContacts.phone })
        .from(offerContacts)
        .where(eq(offerContacts.offerId, offer.id)),
      db
        .select({
          item: offerGoods.item,
          name: offerGoods.name,
          quantity: offerGoods.quantity,
          unit: offerGoods.unit,
          standard: offerGoods.standard,
          expiresOn: offerGoods.expiresOn,
        })
        .from(offerGoods)
        .where(eq(offerGoods.offerId, offer.id))
        .orderBy(asc(offerGoods.position)),
      db
        .select({ status: offerEvents.status, note: offerEvents.note, at: offerEvents.createdAt })
        .from(offerEvents)
        .where(and(eq(offerEvents.offerId, offer.id), eq(offerEvents.visibleToDonor, true)))
        .orderBy(asc(offerEvents.id)),
    ]);
    return {
      reference: offer.reference,
      status: offer.status,
      locale: offer.locale,
      submittedAt: offer.submittedAt,
      organization: { name: offer.organizationName, country: offer.organizationCountry, city: offer.organizationCity },
      contacts,
      goods,
      cash:
        offer.cashAmountMinor !== null && offer.cashCurrency ? { amountMinor: offer.cashAmountMinor, currency: offer.cashCurrency } : null,
      recipient: offer.recipient,
      availableFrom: offer.availableFrom,
      location: offer.location,
      delivery: offer.delivery,
      notes: offer.notes,
      history,
    };
  });
}

/** How many rows each offer table holds: for tests and the benchmark's "nothing lost" check. */
export function countOfferRows(db: Drizzle): Promise<{ offers: number; contacts: number; goods: number; events: number; keys: number }> {
  return guarded('countOfferRows', async () => {
    const counts = await Promise.all(
      [offers, offerContacts, offerGoods, offerEvents, idempotencyKeys].map(async (table) => {
        const [row] = await db.select({ n: count() }).from(table);
        return row?.n ?? 0;
      }),
    );
    const [o = 0, c = 0, g = 0, e = 0, k = 0] = counts;
    return { offers: o, contacts: c, goods: g, events: e, keys: k };
  });
}
