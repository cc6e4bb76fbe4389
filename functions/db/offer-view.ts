import { asc, eq } from 'drizzle-orm';
import { isEmail } from '../../src/lib/email';
import type { Drizzle } from './client';
import { guarded } from './errors';
import { offerContacts, offerEvents, offerGoods, offerNotes, offers } from './schema';
import { staffUsers } from './staff-schema';

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
