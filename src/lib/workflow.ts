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

/** Why a step that the workflow allows cannot be taken with what was sent (422). */
export type TransitionProblem =
  | 'reason_required'
  | 'received_required'
  | 'received_lines'
  | 'received_reason'
  | 'cash_received_required'
  | 'duplicate_of_required'
  | 'duplicate_of_unknown';

/** What the check needs to know of the offer, as the store loaded it. */
export interface OfferFacts {
  status: OfferStatus;
  /** Its goods lines: position and the quantity offered. */
  goods: readonly { position: number; quantity: number }[];
  /** Whether it pledged cash. */
  hasCash: boolean;
  /** For a step to `duplicate` naming an original: whether that is another offer that exists. */
  originalFound?: boolean;
}

/** What staff sent for the step. */
export interface TransitionRequest {
  to: OfferStatus;
  reason?: string | undefined;
  received?: readonly { position: number; quantity: number }[] | undefined;
  cashReceivedMinor?: number | undefined;
  exchangeRateMicro?: number | undefined;
  duplicateOf?: string | undefined;
}

export type TransitionCheck =
  | { outcome: 'allowed' }
  | { outcome: 'not_allowed'; from: OfferStatus }
  | { outcome: 'invalid'; problems: { path: string; code: TransitionProblem }[] };

/**
 * The whole rule for one step, without a database: whether the workflow allows it from
 * the offer's status, and whether what was sent is enough (a reason where one is required;
 * for `received`, every goods line's quantity, and a reason when one differs from the
 * offer, and the cash that arrived with its rate; for `duplicate`, another offer).
 */
export function checkTransition(offer: OfferFacts, input: TransitionRequest): TransitionCheck {
  if (!canTransition(offer.status, input.to)) return { outcome: 'not_allowed', from: offer.status };
  const problems: { path: string; code: TransitionProblem }[] = [];
  const reason = input.reason?.trim() || undefined;
  if (reasonRequired.includes(input.to) && !reason) problems.push({ path: 'reason', code: 'reason_required' });
  if (input.to === 'duplicate') {
    if (!input.duplicateOf) problems.push({ path: 'duplicateOf', code: 'duplicate_of_required' });
    else if (!offer.originalFound) problems.push({ path: 'duplicateOf', code: 'duplicate_of_unknown' });
  }
  if (input.to === 'received') {
    if (offer.goods.length) {
      const received = new Map((input.received ?? []).map((r) => [r.position, r.quantity]));
      if (!input.received) problems.push({ path: 'received', code: 'received_required' });
      else if (received.size !== offer.goods.length || offer.goods.some((g) => !received.has(g.position))) {
        problems.push({ path: 'received', code: 'received_lines' });
      } else if (offer.goods.some((g) => received.get(g.position) !== g.quantity) && !reason) {
        problems.push({ path: 'reason', code: 'received_reason' });
      }
    }
    if (offer.hasCash && (input.cashReceivedMinor === undefined || input.exchangeRateMicro === undefined)) {
      problems.push({ path: 'cashReceived', code: 'cash_received_required' });
    }
  }
  return problems.length ? { outcome: 'invalid', problems } : { outcome: 'allowed' };
}
