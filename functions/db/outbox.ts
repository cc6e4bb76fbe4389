import { and, count, desc, eq, inArray, lte, type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { MessageParams } from '../mail/message-params';
import type { MailText } from '../mail/messages';
import { type ResendRefusal, whyNotResend } from '../mail/resend-rule';
import type { Drizzle } from './client';
import { guarded } from './errors';
import { type OutboxKind, type OutboxStatus, offers, outbox } from './schema';
import { staffRoles } from './staff-schema';

/**
 * A message to queue: its kind and the facts it reports (functions/mail/message-params.ts),
 * not its words, which are written when it is delivered or read. `to: 'staff'` means
 * every active staff member, resolved in the same statement.
 */
export type OutboxDraft = {
  [K in OutboxKind]: { kind: K; to: readonly string[] | 'staff'; params: MessageParams[K] };
}[OutboxKind];

export interface QueueOptions {
  /** `pending` when a deliverer will send it, `held` when there is no SMTP server to send with. */
  status: Extract<OutboxStatus, 'pending' | 'held'>;
  now: Date;
}

/** A value in a queued row, or a placeholder for it in a statement that is built once and kept (functions/db/offer-statement.ts). */
export type Cell<T> = T | Placeholder;

/** One queued message's row, as the INSERT writes it: `recipients: 'staff'` means every active staff member. */
export interface OutboxRow {
  kind: Cell<OutboxKind>;
  offerId: Cell<string | null>;
  recipients: 'staff' | readonly Cell<string>[];
  /** The message's facts, as JSON text. */
  params: Cell<string>;
  status: Cell<QueueOptions['status']>;
  /** When it was queued and is first due, as an ISO timestamp. */
  at: Cell<string>;
}

/**
 * The INSERT for one message row (one per recipient), or undefined when it has no
 * recipient. Written in SQL with casts, so a value and a placeholder make the same
 * statement: staff recipients are resolved in the statement itself, and no staff at all
 * gives no rows, not an error.
 */
export function outboxInsert(row: OutboxRow): SQL | undefined {
  const columns = sql`insert into ${outbox} ("kind", "offer_id", "recipient", "params", "status", "next_attempt_at", "created_at")`;
  const cells = (recipient: SQL) =>
    sql`${row.kind}::text, ${row.offerId}::uuid, ${recipient}, ${row.params}::jsonb, ${row.status}::text, ${row.at}::timestamptz, ${row.at}::timestamptz`;
  if (row.recipients === 'staff') {
    return sql`${columns}
        select ${cells(sql`email`)}
        from staff_users
        where disabled_at is null and role in (${sql.join(
          staffRoles.map((r) => sql`${r}`),
          sql`, `,
        )})
        order by email`;
  }
  if (row.recipients.length === 0) return undefined;
  return sql`${columns} values ${sql.join(
    row.recipients.map((recipient) => sql`(${cells(sql`${recipient}::text`)})`),
    sql`, `,
  )}`;
}

/**
 * The INSERT statements for `drafts`, to run inside the transaction (or the single
 * statement) that makes the change the messages report: the message exists exactly when
 * the change does.
 */
export function outboxInserts(offerId: string | null, drafts: readonly OutboxDraft[], options: QueueOptions): SQL[] {
  const at = options.now.toISOString();
  return drafts.flatMap((draft) => {
    const insert = outboxInsert({
      kind: draft.kind,
      offerId,
      recipients: draft.to,
      params: JSON.stringify(draft.params),
      status: options.status,
      at,
    });
    return insert ? [insert] : [];
  });
}

/** Queues `drafts` on the transaction (or database) handle given; `offerId` null for mail about no offer (alerts). */
export async function queueMessages(
  tx: Drizzle,
  offerId: string | null,
  drafts: readonly OutboxDraft[],
  options: QueueOptions,
): Promise<void> {
  for (const statement of outboxInserts(offerId, drafts, options)) await tx.execute(statement);
}

export interface ClaimedMessage {
  id: number;
  kind: OutboxKind;
  recipient: string;
  /** Both null until the message is sent (then they hold what was sent); both set in rows queued with their text (before migration 0007). */
  subject: string | null;
  bodyText: string | null;
  /** What to write the words from when they are null; not yet parsed (functions/mail/render-message.ts parses it). */
  params: unknown;
  attempts: number;
  createdAt: Date;
}

/**
 * Takes the oldest due message for this deliverer: marks it `sending` with a lease until
 * `leaseUntil` and counts the attempt. `FOR UPDATE SKIP LOCKED` makes two deliverers
 * (processes, instances) pass each other by instead of both taking the same row; a
 * message whose deliverer died mid-way becomes due again when its lease ends.
 */
export function claimNextMessage(db: Drizzle, now: Date, leaseUntil: Date): Promise<ClaimedMessage | undefined> {
  return guarded('claimNextMessage', async () => {
    const due = db
      .select({ id: outbox.id })
      .from(outbox)
      // Written as the partial index's predicate (literals, not parameters), so the planner can use it.
      .where(and(sql`${outbox.status} in ('pending', 'sending')`, lte(outbox.nextAttemptAt, now)))
      .orderBy(outbox.nextAttemptAt, outbox.id)
      .limit(1)
      .for('update', { skipLocked: true });
    const [row] = await db
      .update(outbox)
      .set({ status: 'sending', nextAttemptAt: leaseUntil, attempts: sql`${outbox.attempts} + 1` })
      .where(inArray(outbox.id, due))
      .returning({
        id: outbox.id,
        kind: outbox.kind,
        recipient: outbox.recipient,
        subject: outbox.subject,
        bodyText: outbox.bodyText,
        params: outbox.params,
        attempts: outbox.attempts,
        createdAt: outbox.createdAt,
      });
    return row;
  });
}

/** One claim of one message: `attempts` counts claims, so it tells this claim from a later one. */
export type Claim = Pick<ClaimedMessage, 'id' | 'attempts'>;

const stillClaimed = (claim: Claim) => and(eq(outbox.id, claim.id), eq(outbox.status, 'sending'), eq(outbox.attempts, claim.attempts));

/**
 * Whether the message is still there and still this claim's: not deleted by an erasure,
 * not taken over by another deliverer after the lease ran out. A deliverer asks just
 * before the SMTP server takes the message (see functions/mail/deliverer.ts).
 */
export function isStillClaimed(db: Drizzle, claim: Claim): Promise<boolean> {
  return guarded('isStillClaimed', async () => {
    const [row] = await db.select({ id: outbox.id }).from(outbox).where(stillClaimed(claim));
    return row !== undefined;
  });
}

/**
 * Records the claim's message as sent. `written`: the words written from its params for
 * this send, kept in their place of the params, so the row says what was sent even if the
 * translations change later, and holds the donor's words once, not twice.
 */
export function markSent(db: Drizzle, claim: Claim, at: Date, written?: MailText): Promise<void> {
  return guarded('markSent', async () => {
    await db
      .update(outbox)
      .set({
        status: 'sent',
        sentAt: at,
        lastError: null,
        ...(written ? { subject: written.subject, bodyText: written.text, params: null } : {}),
      })
      .where(stillClaimed(claim));
  });
}

/** Records a failed attempt: due again at `retryAt`, or `failed` for good when there is none. */
export function markAttemptFailed(db: Drizzle, claim: Claim, error: string, retryAt: Date | undefined): Promise<void> {
  return guarded('markAttemptFailed', async () => {
    await db
      .update(outbox)
      .set(retryAt ? { status: 'pending', nextAttemptAt: retryAt, lastError: error } : { status: 'failed', lastError: error })
      .where(stillClaimed(claim));
  });
}

/** What staff see of a message: its row, and whether its offer's personal data was erased (for `whyNotResend`). */
const messageColumns = {
  id: outbox.id,
  createdAt: outbox.createdAt,
  kind: outbox.kind,
  to: outbox.recipient,
  subject: outbox.subject,
  status: outbox.status,
  attempts: outbox.attempts,
  lastError: outbox.lastError,
  nextAttemptAt: outbox.nextAttemptAt,
  sentAt: outbox.sentAt,
  text: outbox.bodyText,
  params: outbox.params,
  offerErased: sql<boolean>`${offers.erasedAt} is not null`.mapWith(Boolean),
};

/** One page of the outbox for staff, newest first. A message not sent yet has no text, only the params to write it from. */
export function listOutbox(db: Drizzle, options: { page: number; pageSize: number }) {
  return guarded('listOutbox', async () => {
    const [items, [total]] = await Promise.all([
      db
        .select(messageColumns)
        .from(outbox)
        .leftJoin(offers, eq(offers.id, outbox.offerId))
        .orderBy(desc(outbox.createdAt), desc(outbox.id))
        .limit(options.pageSize)
        .offset((options.page - 1) * options.pageSize),
      db.select({ n: count() }).from(outbox),
    ]);
    return { items, total: total?.n ?? 0 };
  });
}

export type OutboxMessage = Awaited<ReturnType<typeof listOutbox>>['items'][number];

export type QueueAgainResult =
  | { outcome: 'not_found' }
  | { outcome: 'refused'; why: ResendRefusal; status: OutboxStatus }
  | { outcome: 'queued'; previousStatus: OutboxStatus; reference: string | null; message: OutboxMessage };

/**
 * Queues a held or failed message again, for staff who asked (see `whyNotResend` for
 * when they may not): `pending`, due now, with its attempts and last error cleared, so a
 * deliverer takes it on its next run and tries it the full number of times. The row is
 * locked while the rule is checked and the change made, so of two staff asking at once
 * one queues it and the other finds it pending; an erasure that commits first has
 * deleted the row (not found), one that commits after deletes the queued row, and the
 * deliverer gives it up (functions/mail/deliverer.ts).
 */
export function queueAgain(db: Drizzle, id: number, options: { smtp: boolean; now: Date }): Promise<QueueAgainResult> {
  return guarded('queueAgain', () =>
    db.transaction(async (tx): Promise<QueueAgainResult> => {
      const [row] = await tx
        .select({ status: outbox.status, offerErased: messageColumns.offerErased, reference: offers.reference })
        .from(outbox)
        .leftJoin(offers, eq(offers.id, outbox.offerId))
        .where(eq(outbox.id, id))
        .for('update', { of: outbox });
      if (!row) return { outcome: 'not_found' };
      const why = whyNotResend(row, options.smtp);
      if (why) return { outcome: 'refused', why, status: row.status };
      await tx.update(outbox).set({ status: 'pending', attempts: 0, nextAttemptAt: options.now, lastError: null }).where(eq(outbox.id, id));
      const [message] = await tx
        .select(messageColumns)
        .from(outbox)
        .leftJoin(offers, eq(offers.id, outbox.offerId))
        .where(eq(outbox.id, id));
      if (!message) return { outcome: 'not_found' };
      return { outcome: 'queued', previousStatus: row.status, reference: row.reference, message };
    }),
  );
}
