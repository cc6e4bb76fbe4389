// Sending the offer: JSON to the API with the page's idempotency key, and what its answer means for the donor.
import type { ApiErrorBody, FieldMessage, OfferCreated } from '../../lib/api-types';
import type { Translate } from './config';

/** Sent (its reference), refused field by field, or a notice that says what to do now. */
export type Answer = { reference: string } | { fields: FieldMessage[] } | { notice: string };

export async function sendOffer(api: string, input: unknown, idempotencyKey: string, m: Translate): Promise<Answer> {
  let res: Response;
  try {
    res = await fetch(api, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify(input),
      credentials: 'same-origin',
    });
  } catch {
    // Nothing is lost: the answers stay, and sending again reuses the idempotency key,
    // so an offer that did arrive is not stored twice.
    return { notice: m('form.networkError') };
  }
  const body = (await res.json().catch(() => null)) as (Partial<OfferCreated> & ApiErrorBody) | null;
  if (res.status === 201 && body?.reference) return { reference: body.reference };
  if (body?.error?.code === 'validation' && body.error.fields) return { fields: body.error.fields };
  if (body?.error?.code === 'idempotency_conflict') return { notice: m('form.keyConflict') };
  // The database is away for a moment: the answers and the key stay, to send again.
  if (res.status === 503) return { notice: m('form.unavailable') };
  return { notice: body?.error?.message ?? m('form.serverError') };
}
