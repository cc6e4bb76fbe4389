import { isEmail } from '../../src/lib/email';
import type { Drizzle } from '../db/client';
import { type ClaimedMessage, claimNextMessage, isStillClaimed, markAttemptFailed, markSent } from '../db/outbox';
import type { MailText } from './messages';
import { renderMessage } from './render-message';
import { MailSendError, type MailTransport, redactAddresses } from './transport';

const MINUTE = 60_000;

/** How long to wait after the 1st, 2nd… failed attempt. After the last one, the message is `failed`. */
export const RETRY_DELAYS_MS: readonly number[] = [1, 5, 30, 120, 360, 720, 1440].map((m) => m * MINUTE);
/** Attempts before giving up: about 45 hours of trying. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** A claimed message is another deliverer's to take once this has passed (its deliverer died mid-send). */
export const LEASE_MS = 10 * MINUTE;

export interface DeliveryReport {
  sent: number;
  /** Failed this time, due again later. */
  retrying: number;
  /** Failed for good. */
  failed: number;
}

export interface DelivererOptions {
  db: Drizzle;
  transport: MailTransport;
  /** `MAIL_FROM`: `Tongxin <noreply@example.org>` or a bare address. */
  from: string;
  now?: () => number;
  /** At most this many messages per run, so that one run cannot hold a function open for long. */
  batch?: number;
}

export interface Deliverer {
  /** Sends the messages that are due, oldest first, one claimed row at a time. */
  drain(): Promise<DeliveryReport>;
}

function senderDomain(from: string): string {
  return /@([^\s@<>]+)>?\s*$/.exec(from)?.[1] ?? 'tongxin.invalid';
}

/**
 * The message's words: as stored (a row queued with its text, before migration 0007), or
 * written now from its kind and params. Params that cannot give words will not later
 * either: the message fails for good, with the reason, and the run goes on.
 */
function wordsOf(message: ClaimedMessage): { mail: MailText; written: boolean } {
  if (message.subject !== null && message.bodyText !== null)
    return { mail: { subject: message.subject, text: message.bodyText }, written: false };
  const rendered = renderMessage(message.kind, message.params);
  if (!rendered.ok) throw new MailSendError(rendered.problem, true);
  return { mail: rendered.mail, written: true };
}

/**
 * Delivers the outbox. Every message is claimed before it is sent (see
 * `claimNextMessage`), so any number of deliverers may run at once without sending a
 * message twice; a crash between sending and recording can still repeat one when its
 * lease ends (at least once, never silently lost). A message erased (or taken over)
 * while it was being sent is abandoned before the server takes it, see `stillWanted`
 * below. A message queued as kind and params is written into words here, once per
 * attempt (see `wordsOf`). Logs name the message id and the error, never an address or
 * a body.
 */
export function createDeliverer({ db, transport, from, now = Date.now, batch = 50 }: DelivererOptions): Deliverer {
  const domain = senderDomain(from);
  return {
    async drain() {
      const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
      for (let i = 0; i < batch; i++) {
        const at = now();
        const message = await claimNextMessage(db, new Date(at), new Date(at + LEASE_MS));
        if (!message) break;
        try {
          // Only an address that passes the portal's email rule goes into a header; one stored before the rule is given up.
          if (!isEmail(message.recipient)) throw new MailSendError('The recipient is not a valid email address.', true);
          const { mail, written } = wordsOf(message);
          const outcome = await transport.send({
            from,
            to: message.recipient,
            subject: mail.subject,
            text: mail.text,
            messageId: `<tongxin.${message.id}.${message.createdAt.getTime()}@${domain}>`,
            // Asked after the envelope and the whole text went out, one round trip before the
            // server's `250` takes the message (see smtpTransport): an erasure committed before
            // the answer stops the message. The window left is this query and that last round
            // trip: an erasure committed inside it still deletes the row, but the message goes.
            // It cannot be closed: the `250` is SMTP's point of no return, and no database
            // commit can be made atomic with it.
            stillWanted: () => isStillClaimed(db, message),
          });
          if (outcome === 'withdrawn') {
            // Erased, or taken over by another deliverer after our lease ran out: not ours to send or record.
            console.info(`[outbox] message ${message.id}, attempt ${message.attempts}: withdrawn before sending`);
            continue;
          }
          await markSent(db, message, new Date(now()), written ? mail : undefined);
          report.sent++;
        } catch (err) {
          const error = err instanceof MailSendError ? err.message : redactAddresses(err instanceof Error ? err.message : String(err));
          const permanent = err instanceof MailSendError && err.permanent;
          const delay = permanent ? undefined : RETRY_DELAYS_MS[message.attempts - 1];
          const retryAt = delay === undefined ? undefined : new Date(now() + delay);
          await markAttemptFailed(db, message, error, retryAt);
          console.warn(
            `[outbox] message ${message.id}, attempt ${message.attempts}: ${error} (${retryAt ? `next try ${retryAt.toISOString()}` : 'giving up'})`,
          );
          if (retryAt) {
            report.retrying++;
            // The server is down or busy: the others would fail the same way now. Leave them for the next run.
            break;
          }
          report.failed++;
        }
      }
      return report;
    },
  };
}
