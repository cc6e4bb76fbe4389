import type { OutboxStatus } from '../db/schema';

/**
 * Why staff may not send a message again, or undefined when they may: the one rule the
 * outbox answer (`canResend`) and the resend itself (its 409s) both apply, so the page
 * never guesses it (docs/decisions/030-mail-outbox.md, addendum of 2026-12-03 on sending again).
 *
 * - `status`: only a `held` or `failed` message goes again; a pending or sending one is
 *   already on its way, a sent one went.
 * - `erased`: its offer's personal data was erased, and no mail goes out about an
 *   erased offer (erasure deletes the offer's mail; a row that is still there was written
 *   after it, by an instance of older code).
 * - `no_smtp`: there is no SMTP server to send with; a pending message would wait for
 *   nothing. Staff still read its text on the page.
 */
export type ResendRefusal = 'status' | 'erased' | 'no_smtp';

export const resendRefusals = ['status', 'erased', 'no_smtp'] as const satisfies readonly ResendRefusal[];

export function whyNotResend(message: { status: OutboxStatus; offerErased: boolean }, smtp: boolean): ResendRefusal | undefined {
  if (message.status !== 'held' && message.status !== 'failed') return 'status';
  if (message.offerErased) return 'erased';
  if (!smtp) return 'no_smtp';
  return undefined;
}
