import { and, asc, desc, eq, gte, ilike, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { type OfferStatus, type OrganizationKind, organizationKinds, standards } from '../../src/lib/catalog';
import { isEmail } from '../../src/lib/email';
import type { OfferSort } from '../../src/lib/staff-schemas';
import { checkTransition, type TransitionProblem } from '../../src/lib/workflow';
import { appendAudit } from './audit';
import type { Drizzle } from './client';
import { guarded } from './errors';
import { type OutboxDraft, type QueueOptions, queueMessages } from './outbox';
import { idempotencyKeys, offerContacts, offerEvents, offerGoods, offerNotes, offers, outbox } from './schema';
import { staffUsers } from './staff-schema';

export interface TransitionInput {
  reference: string;
  to: OfferStatus;
  actorId: string;
  reason?: string | undefined;
  visibleToDonor: boolean;
  /** For `received`: what arrived, per goods line (by position). */
  received?: { position: number; quantity: number }[] | undefined;
  /** For `accepted` goods: staff's estimate of their worth, in fen. */
  estimatedValueCnyMinor?: number | undefined;
  /** For `received` cash: what arrived (minor units of the pledge's currency) and the rate used. */
  cashReceivedMinor?: number | undefined;
  exchangeRateMicro?: number | undefined;
  /** For `duplicate`: the reference of the original offer. */
  duplicateOf?: string | undefined;
  /**
   * Mail to the donor about a change they see, queued in the change's transaction. Called
   * only when the change is visible to the donor, the offer has a contact email and its
   * personal data was not erased.
   */
  donorMessages?: { drafts: (notice: DonorNotice) => readonly OutboxDraft[]; status: QueueOptions['status']; now: Date };
}

/** What a message to the donor about a status change may say. */
export interface DonorNotice {
  reference: string;
  locale: string;
  status: OfferStatus;
  /** The staff's note for the donor, if any. */
  note: string | null;
  contactName: string;
  email: string;
}

export type TransitionResult =
  /** `queued`: how many messages were queued for the donor. */
  | { outcome: 'done'; from: OfferStatus; to: OfferStatus; eventId: number; queued: number }
  | { outcome: 'not_found' }
  | { outcome: 'not_allowed'; from: OfferStatus }
  | { outcome: 'invalid'; problems: { path: string; code: TransitionProblem }[] };

/**
 * Moves an offer to another status, checking the workflow, and records who, when, from,
 * to, why and whether the donor sees it. The offer's row is locked for the change, so two
 * staff acting at once cannot both move it from the same state.
 */
export function transitionOffer(db: Drizzle, input: TransitionInput): Promise<TransitionResult> {
  return guarded('transitionOffer', () =>
    db.transaction(async (tx) => {
      const [offer] = await tx
        .select({
          id: offers.id,
          status: offers.status,
          cashAmountMinor: offers.cashAmountMinor,
          locale: offers.locale,
          erasedAt: offers.erasedAt,
        })
        .from(offers)
        .where(eq(offers.reference, input.reference))
        .for('update');
      if (!offer) return { outcome: 'not_found' } as const;

      // Load what the rule needs, then ask it (src/lib/workflow.ts); this store only writes.
      const goods = await tx
        .select({ position: offerGoods.position, quantity: offerGoods.quantity })
        .from(offerGoods)
        .where(eq(offerGoods.offerId, offer.id))
        .orderBy(asc(offerGoods.position));
      let original: { id: string } | undefined;
      if (input.to === 'duplicate' && input.duplicateOf) {
        [original] = await tx.select({ id: offers.id }).from(offers).where(eq(offers.reference, input.duplicateOf));
      }
      const check = checkTransition(
        { status: offer.status, goods, hasCash: offer.cashAmountMinor !== null, originalFound: !!original && original.id !== offer.id },
        input,
      );
      if (check.outcome !== 'allowed') return check;

      const reason = input.reason?.trim() || undefined;
      const patch: Partial<typeof offers.$inferInsert> = { status: input.to, updatedAt: new Date() };
      if (input.to === 'duplicate' && original) patch.duplicateOf = original.id;
      if (input.to === 'accepted' && input.estimatedValueCnyMinor !== undefined)
        patch.estimatedValueCnyMinor = input.estimatedValueCnyMinor;
      if (input.to === 'received' && offer.cashAmountMinor !== null) {
        patch.cashReceivedMinor = input.cashReceivedMinor;
        patch.exchangeRateMicro = input.exchangeRateMicro;
      }

      if (input.to === 'received') {
        for (const line of input.received ?? []) {
          await tx
            .update(offerGoods)
            .set({ receivedQuantity: line.quantity })
            .where(and(eq(offerGoods.offerId, offer.id), eq(offerGoods.position, line.position)));
        }
      }
      await tx.update(offers).set(patch).where(eq(offers.id, offer.id));
      const note = input.visibleToDonor ? (reason ?? null) : null;
      const [event] = await tx
        .insert(offerEvents)
        .values({
          offerId: offer.id,
          status: input.to,
          fromStatus: offer.status,
          reason: reason ?? null,
          note,
          visibleToDonor: input.visibleToDonor,
          actorId: input.actorId,
        })
        .returning({ id: offerEvents.id });

      let queued = 0;
      if (input.visibleToDonor && input.donorMessages && !offer.erasedAt) {
        const [contact] = await tx
          .select({ name: offerContacts.name, email: offerContacts.email })
          .from(offerContacts)
          .where(and(eq(offerContacts.offerId, offer.id), isNotNull(offerContacts.email)))
          .limit(1);
        if (contact?.email) {
          const { drafts, status, now } = input.donorMessages;
          const messages = drafts({
            reference: input.reference,
            locale: offer.locale,
            status: input.to,
            note,
            contactName: contact.name,
            email: contact.email,
          });
          await queueMessages(tx, offer.id, messages, { status, now });
          queued = messages.length;
        }
      }
      return { outcome: 'done', from: offer.status, to: input.to, eventId: event?.id ?? 0, queued } as const;
    }),
  );
}

export function addOfferNote(db: Drizzle, reference: string, authorId: string, body: string): Promise<{ id: number } | undefined> {
  return guarded('addOfferNote', async () => {
    const [offer] = await db.select({ id: offers.id }).from(offers).where(eq(offers.reference, reference));
    if (!offer) return undefined;
    const [row] = await db.insert(offerNotes).values({ offerId: offer.id, authorId, body }).returning({ id: offerNotes.id });
    return row;
  });
}

/** Everything staff see about one offer: every field, the whole history and the internal notes. */
export function findOfferForStaff(db: Drizzle, reference: string) {
  return guarded('findOfferForStaff', async () => {
    const [offer] = await db.select().from(offers).where(eq(offers.reference, reference));
    if (!offer) return undefined;
    const [contacts, goods, history, notes, duplicateOf] = await Promise.all([
      db.select().from(offerContacts).where(eq(offerContacts.offerId, offer.id)),
      db.select().from(offerGoods).where(eq(offerGoods.offerId, offer.id)).orderBy(asc(offerGoods.position)),
      db
        .select({ event: offerEvents, actorEmail: staffUsers.email })
        .from(offerEvents)
        .leftJoin(staffUsers, eq(staffUsers.id, offerEvents.actorId))
        .where(eq(offerEvents.offerId, offer.id))
        .orderBy(asc(offerEvents.id)),
      db
        .select({ note: offerNotes, authorEmail: staffUsers.email })
        .from(offerNotes)
        .leftJoin(staffUsers, eq(staffUsers.id, offerNotes.authorId))
        .where(eq(offerNotes.offerId, offer.id))
        .orderBy(asc(offerNotes.id)),
      offer.duplicateOf
        ? db
            .select({ reference: offers.reference })
            .from(offers)
            .where(eq(offers.id, offer.duplicateOf))
            .then((r) => r[0]?.reference)
        : Promise.resolve(undefined),
    ]);
    // The donor's own notes are `donorNotes`: `notes` are the staff's internal notes.
    const { id: _id, duplicateOf: _dup, notes: donorNotes, ...fields } = offer;
    return {
      ...fields,
      donorNotes,
      duplicateOfReference: duplicateOf ?? null,
      // `emailValid`: the address passes the portal's email rule, so the page may make it a `mailto:` link (an older row may not).
      contacts: contacts.map(({ id: _i, offerId: _o, ...c }) => ({ ...c, emailValid: isEmail(c.email) })),
      goods: goods.map(({ offerId: _o, ...g }) => g),
      // Who did it, by their staff email: staff see each other, donors never see this.
      history: history.map(({ event: { offerId: _o, ...e }, actorEmail }) => ({ ...e, actorEmail })),
      notes: notes.map(({ note: { offerId: _o, ...n }, authorEmail }) => ({ ...n, authorEmail })),
    };
  });
}

export type StaffOfferView = NonNullable<Awaited<ReturnType<typeof findOfferForStaff>>>;

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

/** Who erased an offer's personal data, and why: written to the audit log in the erasure's own transaction. */
export interface ErasureAudit {
  /** The admin who asked; none for the retention sweep. */
  actorId?: string | null;
  actorKind: 'staff' | 'system';
  /** Never personal data: why (`request`, `retention`) and the rule that applied. */
  details: Record<string, unknown>;
}

/**
 * Kinds of donor that are organisations. Anything else, a missing kind included, may be
 * a person: the form does not require the kind, and a person who left it out is still a
 * person, so their name and city go too. An organisation's name is kept, so its goods
 * still count as its own in the totals.
 */
const organisationKinds: readonly OrganizationKind[] = organizationKinds.filter((kind) => kind !== 'individual');

/** What stays of a person's name. */
export const ERASED_NAME = '—';

/**
 * Erases a donor's personal data, in one transaction with its audit entry:
 *
 * - contacts (name, role, email, phone, messaging ids) are deleted;
 * - every free text a person could be named in is blanked: the donor's notes and
 *   location, each goods line's name and its standard (a standard kept only when it is
 *   exactly one of the catalog's, which names no one), the reasons and notes of the
 *   history, and the staff's internal notes (their author and time stay);
 * - a person's name and city (a missing kind counts as a person, see above);
 * - no public thanks;
 * - the offer's mail, sent or not, and its `Idempotency-Key` row (which ties a client's
 *   key to the offer).
 *
 * The offer's reference, status, dates, country, each goods line's item, quantity,
 * unit and received quantity, and all amounts stay, so the totals stay true. Running it
 * again on an erased offer is harmless, and clears anything written since.
 *
 * Mail a deliverer has already claimed is stopped by the deliverer itself: it checks
 * that the row still exists just before the SMTP server takes the message (see
 * functions/mail/deliverer.ts).
 */
export function eraseOfferPersonalData(db: Drizzle, reference: string, audit: ErasureAudit, now: Date = new Date()) {
  return guarded('eraseOfferPersonalData', () =>
    db.transaction(async (tx) => {
      const [offer] = await tx
        .select({ id: offers.id, kind: offers.organizationKind, erasedAt: offers.erasedAt })
        .from(offers)
        .where(eq(offers.reference, reference))
        .for('update');
      if (!offer) return undefined;
      const organisation = offer.kind !== null && organisationKinds.includes(offer.kind);
      await tx.delete(offerContacts).where(eq(offerContacts.offerId, offer.id));
      await tx
        .update(offers)
        .set({
          notes: null,
          location: null,
          consentThankPublicly: false,
          erasedAt: offer.erasedAt ?? now,
          ...(organisation ? {} : { organizationName: ERASED_NAME, organizationCity: null }),
        })
        .where(eq(offers.id, offer.id));
      await tx
        .update(offerGoods)
        .set({
          name: null,
          standard: sql`case when ${offerGoods.standard} in (${sql.join(
            standards.map((s) => sql`${s}`),
            sql`, `,
          )}) then ${offerGoods.standard} end`,
        })
        .where(eq(offerGoods.offerId, offer.id));
      await tx.update(offerEvents).set({ reason: null, note: null }).where(eq(offerEvents.offerId, offer.id));
      // An empty body, which no note written through the API can have, marks an erased note.
      await tx.update(offerNotes).set({ body: '' }).where(eq(offerNotes.offerId, offer.id));
      // Queued and sent mail holds the donor's address and words: it goes too, and unsent mail is not sent.
      await tx.delete(outbox).where(eq(outbox.offerId, offer.id));
      await tx.delete(idempotencyKeys).where(eq(idempotencyKeys.offerId, offer.id));
      const result = { alreadyErased: Boolean(offer.erasedAt) };
      await appendAudit(tx, {
        actorId: audit.actorId ?? null,
        actorKind: audit.actorKind,
        action: 'offer.erase',
        subject: reference,
        details: { ...audit.details, ...result },
      });
      return result;
    }),
  );
}

/** Statuses whose goods and money have arrived: what the public totals count. */
export const arrivedStatuses: OfferStatus[] = ['received', 'closed'];

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
