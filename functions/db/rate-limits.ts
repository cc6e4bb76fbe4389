import { and, eq, lt, sql } from 'drizzle-orm';
import type { Drizzle } from './client';
import { rateLimits } from './schema';

/**
 * The fixed window `at` (ms) falls in: when it started, and the whole seconds until it
 * ends (at least 1), for `Retry-After`.
 */
export function fixedWindow(at: number, windowMs: number): { start: Date; retryAfter: number } {
  const start = Math.floor(at / windowMs) * windowMs;
  return { start: new Date(start), retryAfter: Math.max(1, Math.ceil((start + windowMs - at) / 1000)) };
}

/**
 * Counts one more hit for `bucket` in the window starting at `windowStart` and returns
 * the count so far. One atomic statement, so concurrent requests on any number of
 * function instances never lose a hit.
 */
export async function hitRateLimit(db: Drizzle, bucket: string, windowStart: Date): Promise<number> {
  const [row] = await db
    .insert(rateLimits)
    .values({ bucket, windowStart, hits: 1 })
    .onConflictDoUpdate({ target: [rateLimits.bucket, rateLimits.windowStart], set: { hits: sql`${rateLimits.hits} + 1` } })
    .returning({ hits: rateLimits.hits });
  return row?.hits ?? 1;
}

/** Takes back one hit counted in the window (not below zero): for attempts that turned out not to count. */
export async function refundRateLimit(db: Drizzle, bucket: string, windowStart: Date): Promise<void> {
  await db
    .update(rateLimits)
    .set({ hits: sql`greatest(${rateLimits.hits} - 1, 0)` })
    .where(and(eq(rateLimits.bucket, bucket), eq(rateLimits.windowStart, windowStart)));
}

/** Forgets windows that ended before `before`: counters are only needed while they count. */
export async function pruneRateLimits(db: Drizzle, before: Date): Promise<void> {
  await db.delete(rateLimits).where(lt(rateLimits.windowStart, before));
}
