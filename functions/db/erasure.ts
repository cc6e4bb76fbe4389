import { eq, sql } from 'drizzle-orm';
import { type OrganizationKind, organizationKinds, standards } from '../../src/lib/catalog';
import { appendAudit } from './audit';
import type { Drizzle } from './client';
import { guarded } from './errors';
import { idempotencyKeys, offerContacts, offerEvents, offerGoods, offerNotes, offers, outbox } from './schema';
import { bumpTotalsVersion } from './totals-version';

/** Erasing a donor's personal data, by an admin or by the retention sweep (decision 080). */

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
      // Thanks withdrawn, a person's name blanked: the published totals may change.
      await bumpTotalsVersion(tx);
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
