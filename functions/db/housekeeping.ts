import { and, asc, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { finalStatuses } from '../../src/lib/workflow';
import type { Drizzle } from './client';
import { eraseOfferPersonalData } from './erasure';
import { guarded } from './errors';
import { IDEMPOTENCY_KEY_HOURS } from './offers';
import { idempotencyKeys, offerEvents, offers, outbox, rateLimits } from './schema';
import { staffSessions } from './staff-schema';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How long rows are kept once they no longer do anything. */
export const retention = {
  /** Rate-limit windows (an hour for offers, 15 minutes for sign-ins) are over long before. */
  rateLimitMs: DAY,
  /** Ended sessions stay a while, to answer "who was signed in when". */
  staffSessionMs: 30 * DAY,
  /** Sent, failed and held mail: it holds donors' addresses, and it has done its work. */
  outboxMs: 30 * DAY,
} as const;

/** At most this many offers are erased for retention per sweep, each in its own short transaction. */
export const RETENTION_BATCH = 100;

export interface SweepOptions {
  /** `RETENTION_DAYS`: erase the personal data of offers final for longer than this; 0 or unset: never. */
  retentionDays?: number | undefined;
  /** At most this many retention erasures in one sweep (RETENTION_BATCH). */
  retentionBatch?: number;
}

export interface SweepResult {
  idempotencyKeys: number;
  rateLimits: number;
  staffSessions: number;
  outbox: number;
  /** Offers whose personal data was erased because their retention period ended. */
  erased: number;
}

/** When the sweep erases the personal data of an offer that became final at `finalAt`. */
export function retentionEndsAt(finalAt: Date, retentionDays: number): Date {
  return new Date(finalAt.getTime() + retentionDays * DAY);
}

/**
 * When the offer reached its status: its last event to that status. A final status
 * has no way out, so for a final offer this is the moment it became final.
 */
const reachedStatusAt = sql`(select max(${offerEvents.createdAt}) from ${offerEvents} where ${offerEvents.offerId} = ${offers.id} and ${offerEvents.status} = ${offers.status})`;

/** References of offers not yet erased that became final before `cutoff`, oldest first. */
function offersPastRetention(db: Drizzle, cutoff: Date, limit: number): Promise<string[]> {
  return guarded('offersPastRetention', async () => {
    const rows = await db
      .select({ reference: offers.reference })
      .from(offers)
      .where(
        and(isNull(offers.erasedAt), inArray(offers.status, finalStatuses), sql`${reachedStatusAt} < ${cutoff.toISOString()}::timestamptz`),
      )
      .orderBy(asc(offers.submittedAt), asc(offers.reference))
      .limit(limit);
    return rows.map((r) => r.reference);
  });
}

/**
 * The retention rule: the personal data of an offer that became final (closed,
 * declined, withdrawn, duplicate) more than `retentionDays` ago is erased, by the same
 * erasure an admin uses and audited as the system's. A batch at most per sweep, one
 * short transaction per offer, so the sweep never holds the database (PGlite has one
 * connection) for long; a backlog is worked off over the next sweeps.
 */
async function eraseAfterRetention(db: Drizzle, now: Date, retentionDays: number, batch: number): Promise<number> {
  const due = await offersPastRetention(db, new Date(now.getTime() - retentionDays * DAY), batch);
  for (const reference of due) {
    await eraseOfferPersonalData(db, reference, { actorKind: 'system', details: { reason: 'retention', retentionDays } }, now);
  }
  return due.length;
}

/**
 * Deletes what has expired as of `now`, and erases the personal data of offers whose
 * retention period is over. Correctness never waits for the deletions: an expired
 * idempotency key or session is already ignored by the code that reads it; they only
 * keep the tables from growing forever.
 */
export async function sweepExpired(db: Drizzle, now: Date, options: SweepOptions = {}): Promise<SweepResult> {
  const before = (ms: number) => new Date(now.getTime() - ms);
  const deleted = await guarded('sweepExpired', async () => {
    const keys = await db
      .delete(idempotencyKeys)
      .where(lt(idempotencyKeys.createdAt, before(IDEMPOTENCY_KEY_HOURS * HOUR)))
      .returning({ key: idempotencyKeys.key });
    const windows = await db
      .delete(rateLimits)
      .where(lt(rateLimits.windowStart, before(retention.rateLimitMs)))
      .returning({ bucket: rateLimits.bucket });
    const sessionCutoff = before(retention.staffSessionMs);
    const sessions = await db
      .delete(staffSessions)
      .where(
        or(lt(staffSessions.expiresAt, sessionCutoff), and(isNotNull(staffSessions.revokedAt), lt(staffSessions.revokedAt, sessionCutoff))),
      )
      .returning({ idHash: staffSessions.idHash });
    const mail = await db
      .delete(outbox)
      .where(and(inArray(outbox.status, ['sent', 'failed', 'held']), lt(outbox.createdAt, before(retention.outboxMs))))
      .returning({ id: outbox.id });
    return { idempotencyKeys: keys.length, rateLimits: windows.length, staffSessions: sessions.length, outbox: mail.length };
  });
  const erased = options.retentionDays
    ? await eraseAfterRetention(db, now, options.retentionDays, options.retentionBatch ?? RETENTION_BATCH)
    : 0;
  return { ...deleted, erased };
}
