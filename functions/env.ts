import type { TFunction } from 'i18next';
import type { Locale } from '../src/i18n/config';
import type { Database } from './db/client';
import type { StaffMember } from './db/staff';
import type { TotalsCache } from './totals-cache';

/** What the runtime hands every request; a client cannot set any of it. */
export interface Bindings {
  /** The client's address, when it is known (docs/decisions/050-client-address.md). */
  clientAddress?: string | undefined;
  /** True only for requests the self-hosted server took on its staff socket in DATA_DIR. */
  staffSocket?: boolean;
}

export interface Variables {
  requestId: string;
  locale: Locale;
  t: TFunction<'errors'>;
  /** The signed-in staff member, when the request carries a live session. */
  staff?: StaffMember;
  /** SHA-256 of the session id, to end that session. */
  sessionIdHash?: string;
}

/** The one environment type shared by the app and every middleware. */
export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}

export interface AppDeps {
  db: Database;
  version: string;
  /** Origins allowed to post forms to the API (the site's own). */
  origins?: readonly string[];
  /** Requests per client and hour (defaults: 20 offers, 30 lookups). */
  limits?: Partial<Limits>;
  /** The clock (ms since the epoch), for tests of time-based rules: sessions, throttles, limits. */
  now?: () => number;
  /** The public totals kept in memory (functions/totals-cache.ts); createApp makes one when not given. */
  totals?: TotalsCache;
  /** Where offer references come from, for tests. */
  newReference?: () => string;
  /** Signs the staff session cookie (at least 32 characters). Without it there is no staff API. */
  sessionSecret?: string;
  /**
   * `RETENTION_DAYS`: the sweep erases an offer's personal data this many days after it
   * became final; the staff API shows staff when. 0 or unset: never.
   */
  retentionDays?: number;
  /** Mail about offers. Without it, messages are still queued, as `held`, and nothing asks for delivery. */
  mail?: MailDeps;
  /** `GET /api/cron` for a scheduler (Vercel Cron) that calls with `Authorization: Bearer <secret>`. */
  cron?: { secret: string; run: () => Promise<unknown> };
}

export interface MailDeps {
  /** True when a deliverer sends the outbox over SMTP; false: messages are held for staff to read. */
  sending: boolean;
  /** Who gets staff mail (`STAFF_NOTIFY_EMAILS`); empty or unset: every active staff member. */
  staffRecipients?: readonly string[] | undefined;
  /** The site's public address (`SITE_URL`), for links in messages; without it, messages say where to look. */
  siteUrl?: string | undefined;
  /** Asks for delivery soon after a commit that queued mail. Returns at once. */
  kick?: (() => void) | undefined;
}

export interface Limits {
  offersPerHour: number;
  lookupsPerHour: number;
}

export type { Database };
