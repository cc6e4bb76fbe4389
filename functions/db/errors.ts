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
  ) {
    super(`${operation} failed${code ? ` (SQLSTATE ${code}${constraint ? `, ${constraint}` : ''})` : ''}`);
  }
}

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
    throw new StoreError(operation, code, constraint);
  }
}
