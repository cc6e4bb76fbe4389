/**
 * A database failure, stripped of the query's parameters. Drizzle's own error message
 * carries every parameter of the failed statement (names, emails, phone numbers), and
 * the app's error handler logs what it catches: personal data must not reach the logs.
 */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly operation: string,
    readonly code: string | undefined,
    readonly constraint: string | undefined,
    /** The database was away (down, unreachable, overloaded, timed out): worth trying again, not a bug. */
    readonly unavailable = false,
  ) {
    super(
      `${operation} failed${code ? ` (SQLSTATE ${code}${constraint ? `, ${constraint}` : ''})` : ''}${unavailable ? ': database unavailable' : ''}`,
    );
  }
}

/** Socket errors of a connection that could not be made or was lost. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs that mean "not now" rather than "wrong": class 08 (connection exception),
 * 53 (insufficient resources: too many connections, disk full, out of memory), 57P01–05
 * (the server shutting down, starting up or ending the session), 57014 (cancelled,
 * which is how `statement_timeout` ends a query), 55P03 (lock not available) and the
 * two a retry resolves (40001 serialization failure, 40P01 deadlock).
 */
const UNAVAILABLE_SQLSTATE = /^(08|53)|^57P0[1-5]$|^(57014|55P03|40001|40P01)$/;

/** What node-postgres and PGlite say, without a code, when the connection is gone or the pool is out of time. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|is not queryable|Client was closed|Cannot use a pool after calling end|PGlite is closed/i;

/**
 * Why `err` is the database being away rather than a bug (a socket error code, a
 * SQLSTATE, or "connection lost"), or `undefined` when it is not. Looks through
 * Drizzle's and the drivers' wrapping (`cause`, and `AggregateError` when every address
 * refused). The reason names no data: Drizzle's own messages carry the query's
 * parameters, so they are never returned.
 */
export function unavailableReason(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length && seen.size < 20) {
    const e = queue.shift() as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown; errors?: unknown } | undefined;
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (e instanceof StoreError) {
      if (e.unavailable) return e.code ? `SQLSTATE ${e.code}` : 'connection lost';
      continue;
    }
    if (e.name === 'DatabaseLockedError') return 'embedded database locked';
    if (typeof e.code === 'string') {
      if (NETWORK_CODES.has(e.code)) return e.code;
      if (/^[0-9A-Z]{5}$/.test(e.code) && UNAVAILABLE_SQLSTATE.test(e.code)) return `SQLSTATE ${e.code}`;
    }
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return 'connection lost';
    queue.push(e.cause);
    if (Array.isArray(e.errors)) queue.push(...e.errors);
  }
  return undefined;
}

/** Is `err` the database being away (down, unreachable, overloaded, timed out)? Those become 503, not 500. */
export const isDatabaseUnavailable = (err: unknown): boolean => unavailableReason(err) !== undefined;

/** The SQLSTATE and constraint of a driver error, wherever Drizzle wrapped it. */
export function pgErrorInfo(err: unknown): { code?: string; constraint?: string } {
  for (let e = err as { code?: unknown; constraint?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
      return { code: e.code, constraint: typeof e.constraint === 'string' ? e.constraint : undefined };
    }
    e = e.cause as typeof e;
  }
  return {};
}

export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const info = pgErrorInfo(err);
  return info.code === '23505' && info.constraint === constraint;
}

/** Runs a store operation; a failure comes out as a StoreError that names no personal data. */
export async function guarded<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof StoreError) throw err;
    const { code, constraint } = pgErrorInfo(err);
    throw new StoreError(operation, code, constraint, isDatabaseUnavailable(err));
  }
}
