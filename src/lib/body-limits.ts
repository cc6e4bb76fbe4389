/**
 * How many bytes of request body each kind of request may send, in one place: the API
 * (functions/middleware/body-limit.ts), the on-demand form pages (src/server/form-body.ts)
 * and the self-hosted server's adapter (astro.config.mjs) all read this table. A body
 * over its limit is refused with 413 before it is read, so a huge upload cannot fill the
 * server's memory.
 */
const KiB = 1024;

export const bodyLimits = {
  /** Every JSON endpoint that does not name its own. */
  json: 64 * KiB,
  /** `POST /api/staff/login`: an email and a password. */
  signIn: 4 * KiB,
  /** `POST /api/offers`: 50 goods lines and 10,000 characters of notes in any script, JSON-escaped. */
  offers: 128 * KiB,
  /** `POST /api/offers/lookup`: a reference and a contact detail. */
  lookup: 4 * KiB,
  /**
   * The no-JavaScript donation form posted to its own page. URL-encoded, a Chinese
   * character takes 9 bytes (`%E4%B8%AD`) instead of JSON's 3: twice the JSON limit.
   */
  formPage: 256 * KiB,
} as const;

/** The most any request may send: the self-hosted server's adapter stops reading there. */
export const largestBodyLimit = Math.max(...Object.values(bodyLimits));

/** API paths (after `/api`) with a limit of their own; the first prefix that matches wins. */
const apiRoutes: readonly [prefix: string, limit: number][] = [
  ['/api/offers/lookup', bodyLimits.lookup],
  ['/api/offers', bodyLimits.offers],
  ['/api/staff/login', bodyLimits.signIn],
];

/** The body limit of an API path. */
export function apiBodyLimit(pathname: string): number {
  for (const [prefix, limit] of apiRoutes) {
    if (pathname === prefix || pathname.startsWith(`${prefix}/`)) return limit;
  }
  return bodyLimits.json;
}
