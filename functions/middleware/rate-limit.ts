import type { MiddlewareHandler } from 'hono';
import type { Drizzle } from '../db/client';
import { fixedWindow, hitRateLimit, pruneRateLimits } from '../db/rate-limits';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { addressBucket } from '../net/address-bucket';

export interface RateLimitOptions {
  db: Drizzle;
  /** Names the counter: `offers`, `lookups`. */
  name: string;
  /** Requests allowed per client per window; 0 turns the limit off (for benchmarks). */
  limit: number;
  windowSeconds?: number;
  now?: () => number;
}

/**
 * The client's bucket (its IPv4 address, or its IPv6 /64) as a name that does not store the address itself.
 * (A hash of an IPv4 address can be reversed by trying them all; it still keeps
 * addresses out of casual reading and out of backups in plain text.)
 */
async function clientBucket(name: string, address: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`tongxin-rate-limit:${address}`));
  const hex = [...new Uint8Array(digest).slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${name}:${hex}`;
}

/**
 * A per-client limit on requests in fixed windows, counted in the database so that it
 * holds across every function instance. Over the limit: 429 with `Retry-After` and a
 * message in the requester's language.
 */
export function rateLimit({ db, name, limit, windowSeconds = 3600, now = Date.now }: RateLimitOptions): MiddlewareHandler<AppEnv> {
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`rateLimit(${name}): limit must be a whole number ≥ 0, not ${limit}`);
  if (limit === 0) {
    return async function noRateLimit(_c, next) {
      await next();
    };
  }
  const windowMs = windowSeconds * 1000;
  return async function rateLimitMiddleware(c, next) {
    const { start: windowStart, retryAfter } = fixedWindow(now(), windowMs);
    // Without a known address every such client shares one bucket: stricter, never looser.
    const bucket = await clientBucket(name, addressBucket(c.env?.clientAddress));
    const hits = await hitRateLimit(db, bucket, windowStart);
    // The first hit of a window is a good moment to forget windows that are over.
    if (hits === 1) await pruneRateLimits(db, new Date(windowStart.getTime() - windowMs));
    if (hits > limit) {
      throw new ApiError(
        429,
        'rate_limited',
        'error.rateLimited',
        { retryAfter, minutes: Math.ceil(retryAfter / 60) },
        { 'Retry-After': String(retryAfter) },
      );
    }
    await next();
  };
}
