import { and, asc, eq, sql } from 'drizzle-orm';
import type { OfferStatus } from '../../src/lib/catalog';
import { canTransition } from '../../src/lib/workflow';
import type { Drizzle } from './client';
import { guarded } from './errors';
import { offerContacts, offerEvents, offerGoods, offerNotes, offers } from './schema';

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
}

export type TransitionProblem =
  | 'reason_required'
  | 'received_required'
  | 'received_lines'
  | 'received_reason'
  | 'cash_received_required'
  | 'duplicate_of_required'
  | 'duplicate_of_unknown';

export type TransitionResult =
  | { outcome: 'done'; from: OfferStatus; to: OfferStatus; eventId: number }
  | { outcome: 'not_found' }
  | { outcome: 'not_allowed'; from: OfferStatus }
  | { outcome: 'invalid'; problems: { path: string; code: TransitionProblem }[] };

const needsReason: readonly OfferStatus[] = ['declined', 'withdrawn', 'duplicate', 'needs_info'];

/**
 * Moves an offer to another status, checking the workflow, and records who, when, from,
 * to, why and whether the donor sees it. The offer's row is locked for the change, so two
 * staff acting at once cannot both move it from the same state.
 */
export function transitionOffer(db: Drizzle, input: TransitionInput): Promise<TransitionResult> {
  return guarded('transitionOffer', () =>
    db.transaction(async (tx) => {
      const [offer] = await tx
        .select({ id: offers.id, status: offers.status, cashAmountMinor: offers.cashAmountMinor })
        .from(offers)
        .where(eq(offers.reference, input.reference))
        .for('update');
      if (!offer) return { outcome: 'not_found' } as const;
      if (!canTransition(offer.status, input.to)) return { outcome: 'not_allowed', from: offer.status } as const;

      const problems: { path: string; code: TransitionProblem }[] = [];
      const reason = input.reason?.trim() || undefined;
      if (needsReason.includes(input.to) && !reason) problems.push({ path: 'reason', code: 'reason_required' });

      const patch: Partial<typeof offers.$inferInsert> = { status: input.to, updatedAt: new Date() };
      let duplicateOfId: string | undefined;
      if (input.to === 'duplicate') {
        if (!input.duplicateOf) problems.push({ path: 'duplicateOf', code: 'duplicate_of_required' });
        else {
          const [original] = await tx.select({ id: offers.id }).from(offers).where(eq(offers.reference, input.duplicateOf));
          if (!original || original.id === offer.id) problems.push({ path: 'duplicateOf', code: 'duplicate_of_unknown' });
          else duplicateOfId = original.id;
        }
        if (duplicateOfId) patch.duplicateOf = duplicateOfId;
      }
      if (input.to === 'accepted' && input.estimatedValueCnyMinor !== undefined)
        patch.estimatedValueCnyMinor = input.estimatedValueCnyMinor;

      const goods = await tx
        .select({ position: offerGoods.position, quantity: offerGoods.quantity })
        .from(offerGoods)
        .where(eq(offerGoods.offerId, offer.id))
        .orderBy(asc(offerGoods.position));
      if (input.to === 'received') {
        if (goods.length) {
          const received = new Map((input.received ?? []).map((r) => [r.position, r.quantity]));
          if (!input.received) problems.push({ path: 'received', code: 'received_required' });
          else if (received.size !== goods.length || goods.some((g) => !received.has(g.position))) {
            problems.push({ path: 'received', code: 'received_lines' });
          } else if (goods.some((g) => received.get(g.position) !== g.quantity) && !reason) {
            problems.push({ path: 'reason', code: 'received_reason' });
          }
        }
        if (offer.cashAmountMinor !== null) {
          if (input.cashReceivedMinor === undefined || input.exchangeRateMicro === undefined) {
            problems.push({ path: 'cashReceived', code: 'cash_received_required' });
          } else {
            patch.cashReceivedMinor = input.cashReceivedMinor;
            patch.exchangeRateMicro = input.exchangeRateMicro;
          }
        }
      }
      if (problems.length) return { outcome: 'invalid', problems } as const;

      if (input.to === 'received') {
        for (const line of input.received ?? []) {
          await tx
            .update(offerGoods)
            .set({ receivedQuantity: line.quantity })
            .where(and(eq(offerGoods.offerId, offer.id), eq(offerGoods.position, line.position)));
        }
      }
      await tx.update(offers).set(patch).where(eq(offers.id, offer.id));
      const [event] = await tx
        .insert(offerEvents)
        .values({
          offerId: offer.id,
          status: input.to,
          fromStatus: offer.status,
          reason: reason ?? null,
          note: input.visibleToDonor ? (reason ?? null) : null,
          visibleToDonor: input.visibleToDonor,
          actorId: input.actorId,
        })
        .returning({ id: offerEvents.id });
      return { outcome: 'done', from: offer.status, to: input.to, eventId: event?.id ?? 0 } as const;
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
      db.select().from(offerEvents).where(eq(offerEvents.offerId, offer.id)).orderBy(asc(offerEvents.id)),
      db.select().from(offerNotes).where(eq(offerNotes.offerId, offer.id)).orderBy(asc(offerNotes.id)),
      offer.duplicateOf
        ? db
            .select({ reference: offers.reference })
            .from(offers)
            .where(eq(offers.id, offer.duplicateOf))
            .then((r) => r[0]?.reference)
        : Promise.resolve(undefined),
    ]);
    const { id: _id, duplicateOf: _dup, ...fields } = offer;
    return {
      ...fields,
      duplicateOfReference: duplicateOf ?? null,
      contacts: contacts.map(({ id: _i, offerId: _o, ...c }) => c),
      goods: goods.map(({ offerId: _o, ...g }) => g),
      history: history.map(({ offerId: _o, ...e }) => e),
      notes: notes.map(({ offerId: _o, ...n }) => n),
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
