import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { OfferStatus } from '../../src/lib/catalog';
import { checkTransition, type TransitionProblem } from '../../src/lib/workflow';
import type { Drizzle } from './client';
import { guarded } from './errors';
import { type OutboxDraft, type QueueOptions, queueMessages } from './outbox';
import { offerContacts, offerEvents, offerGoods, offerNotes, offers } from './schema';
import { altersTotals, bumpTotalsVersion } from './totals-version';

/**
 * Staff moving an offer through the workflow (the rule is src/lib/workflow.ts; this store
 * locks, loads what the rule needs and writes), and their internal notes.
 */

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
      if (altersTotals(offer.status, input.to)) await bumpTotalsVersion(tx);
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
