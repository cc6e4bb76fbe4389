import * as z from 'zod';
import { locales } from '../../src/i18n/config';
import { offerStatuses } from '../../src/lib/catalog';
import type { OutboxKind } from '../db/schema';

/**
 * What a queued message is about, as facts: the `params` of its outbox row. The request
 * stores these (cheap JSON, in the change's own transaction); the words are written from
 * them when the message is delivered or read (render-message.ts). A row is read back
 * long after it was written, possibly by a newer deployment, so it is parsed, not
 * trusted. Unknown keys are dropped rather than refused, so a row written by a newer
 * version still reads during a deploy.
 *
 * They hold personal data as the text did: the organisation's name, the goods, the
 * donor's name and staff's note. The row is deleted with the offer's other mail when its
 * personal data is erased (functions/db/erasure.ts).
 */

/** Checked as `new URL(path, siteUrl)` needs it; absent without `SITE_URL`, and the message says where to look instead. */
const siteUrl = z.url({ protocol: /^https?$/ }).optional();
/** As the Intl display names and currency formats need them: a malformed code would throw there. */
const country = z.string().regex(/^[A-Z]{2}$/);
const currency = z.string().regex(/^[A-Z]{3}$/);

export const newOfferFacts = z.object({
  reference: z.string(),
  locale: z.enum(locales),
  organization: z.object({ name: z.string(), country }),
  goods: z.array(z.object({ item: z.string(), name: z.string().nullish(), quantity: z.number(), unit: z.string() })).readonly(),
  cash: z.object({ amountMinor: z.number(), currency }).nullish(),
});
export type NewOfferFacts = z.infer<typeof newOfferFacts>;

export const statusChangeFacts = z.object({
  reference: z.string(),
  /** The offer's language; an unknown one (older data) falls back to the source language. */
  locale: z.string(),
  status: z.enum(offerStatuses),
  /** Staff's note for the donor, if any. */
  note: z.string().nullable(),
  contactName: z.string(),
});
export type StatusChangeFacts = z.infer<typeof statusChangeFacts>;

export const signInAlertFacts = z.object({
  /** The staff account under attack. */
  email: z.string(),
  failures: z.number(),
  minutes: z.number(),
  /** Failures from one address before that address is held back. */
  perAddress: z.number(),
});
export type SignInAlertFacts = z.infer<typeof signInAlertFacts>;

/** Each kind's params: its facts, and the site's address for links as it was when the message was queued. */
export const messageParams = {
  staff_new_offer: newOfferFacts.extend({ siteUrl }),
  donor_status: statusChangeFacts.extend({ siteUrl }),
  staff_alert: signInAlertFacts.extend({ siteUrl }),
} satisfies Record<OutboxKind, z.ZodType>;

export type MessageParams = { [K in OutboxKind]: z.infer<(typeof messageParams)[K]> };

/** The facts of a new offer that staff mail names, and nothing else of it: contacts, notes and location stay out of the outbox. */
export function newOfferFactsOf(offer: NewOfferFacts): NewOfferFacts {
  return {
    reference: offer.reference,
    locale: offer.locale,
    organization: { name: offer.organization.name, country: offer.organization.country },
    goods: offer.goods.map(({ item, name, quantity, unit }) => ({ item, name: name ?? null, quantity, unit })),
    cash: offer.cash ? { amountMinor: offer.cash.amountMinor, currency: offer.cash.currency } : null,
  };
}

/** The facts of a status change that the donor's mail names; the address is the row's recipient, not a fact. */
export function statusChangeFactsOf(change: StatusChangeFacts): StatusChangeFacts {
  return {
    reference: change.reference,
    locale: change.locale,
    status: change.status,
    note: change.note,
    contactName: change.contactName,
  };
}
