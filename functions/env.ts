import type { TFunction } from 'i18next';
import type { Locale } from '../src/i18n/config';
import type { Database } from './db/client';
import type { StaffMember } from './db/staff';

/** What the runtime hands every request: the client's address, when it is known. */
export interface Bindings {
  clientAddress?: string;
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
  /** Signs the staff session cookie (at least 32 characters). */
  sessionSecret: string;
  /**
   * With the embedded database only: a token that lets `npm run staff` on this machine
   * route its commands through the running server, which holds the database.
   */
  adminToken?: string;
  /** Clock for sessions and throttles; tests move it. */
  now?: () => Date;
}

export type { Database };
