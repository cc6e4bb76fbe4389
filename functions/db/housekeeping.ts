import { and, inArray, isNotNull, lt, or } from 'drizzle-orm';
import type { Drizzle } from './client';
import { guarded } from './errors';
import { IDEMPOTENCY_KEY_HOURS } from './offers';
import { idempotencyKeys, outbox, rateLimits } from './schema';
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

export interface SweepResult {
  idempotencyKeys: number;
  rateLimits: number;
  staffSessions: number;
  outbox: number;
}

/**
 * Deletes what has expired as of `now`. Correctness never waits for this: an expired
 * idempotency key or session is already ignored by the code that reads it; the sweep
 * only keeps the tables from growing forever.
 */
export function sweepExpired(db: Drizzle, now: Date): Promise<SweepResult> {
  const before = (ms: number) => new Date(now.getTime() - ms);
  return guarded('sweepExpired', async () => {
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
}
