import { type OfferStatus, offerStatuses } from './catalog';

/**
 * How an offer moves: submitted → under_review ⇄ needs_info; under_review → accepted |
 * declined; accepted → in_transit → received → closed; withdrawn and duplicate from any
 * open state. Anything else is refused (409).
 */
const next: Record<OfferStatus, readonly OfferStatus[]> = {
  submitted: ['under_review', 'withdrawn', 'duplicate'],
  under_review: ['needs_info', 'accepted', 'declined', 'withdrawn', 'duplicate'],
  needs_info: ['under_review', 'withdrawn', 'duplicate'],
  accepted: ['in_transit', 'withdrawn', 'duplicate'],
  in_transit: ['received', 'withdrawn', 'duplicate'],
  received: ['closed'],
  closed: [],
  declined: [],
  withdrawn: [],
  duplicate: [],
};

/** Statuses from which nothing moves on. */
export const finalStatuses = offerStatuses.filter((s) => next[s].length === 0);

export function allowedTransitions(from: OfferStatus): readonly OfferStatus[] {
  return next[from];
}

export function canTransition(from: OfferStatus, to: OfferStatus): boolean {
  return next[from].includes(to);
}

/** Statuses whose reason staff must give. */
export const reasonRequired: readonly OfferStatus[] = ['declined', 'withdrawn', 'duplicate', 'needs_info'];
