import type { TFunction } from 'i18next';
import type { Locale } from '../src/i18n/config';
import type { Database } from './db/client';

/** What the runtime hands every request: the client's address, when it is known. */
export interface Bindings {
  clientAddress?: string;
}

export interface Variables {
  requestId: string;
  locale: Locale;
  t: TFunction<'errors'>;
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
  /** The clock, for tests of time-based rules. */
  now?: () => number;
  /** Where offer references come from, for tests. */
  newReference?: () => string;
}

export interface Limits {
  offersPerHour: number;
  lookupsPerHour: number;
}

export type { Database };
