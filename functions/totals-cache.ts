import { cashToFen } from '../src/lib/totals';
import type { Drizzle } from './db/client';
import { computeTotals } from './db/totals';
import { readTotalsVersion } from './db/totals-version';

/**
 * The public totals, kept in this process: computed when a change can have altered them,
 * not on every read. Every change that can (a step into or out of an arrived status, an
 * erasure) raises a version number in its own transaction (db/totals-version.ts). A read
 * within `recheckMs` of the last check is answered from memory; after that, one cheap
 * query asks the version, and only a new version computes the totals again. So another
 * instance on the same PostgreSQL sees a change within `recheckMs`, and this one at once
 * (`changed()`, called by the routes that make the change).
 */

export interface TotalsSnapshot {
  version: number;
  body: ReturnType<typeof totalsBody>;
  /** A strong ETag of the body: equal bodies have equal tags in every instance. */
  etag: string;
  checkedAt: number;
}

function totalsBody(t: Awaited<ReturnType<typeof computeTotals>>, now: number) {
  const cashValueFen = t.cashRows.reduce((sum, r) => sum + cashToFen(r.receivedMinor, r.currency, r.rateMicro), 0);
  return {
    asOf: (t.asOf ?? new Date(now)).toISOString(),
    goods: t.goods,
    cash: t.cash,
    estimatedValueCnyMinor: t.goodsValueCnyMinor + cashValueFen,
    countries: t.countries,
    organizations: t.organizations,
    thanked: t.thanked,
  };
}

async function etagOf(body: unknown): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(body)));
  return `"${[...new Uint8Array(digest).slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('')}"`;
}

/** How long another instance's change may go unseen here. */
export const TOTALS_RECHECK_MS = 5_000;

export function createTotalsCache(db: Drizzle, options: { recheckMs?: number; now?: () => number } = {}) {
  return createTotalsMemory(options).over(db);
}

/**
 * The memory behind a totals cache, for a runtime whose database handle lives for one
 * request (the edge function opens a connection per request and closes it after):
 * `over(db)` answers from the one memory and checks through that request's handle.
 */
export function createTotalsMemory(options: { recheckMs?: number; now?: () => number } = {}) {
  const recheckMs = options.recheckMs ?? TOTALS_RECHECK_MS;
  const now = options.now ?? Date.now;
  let current: TotalsSnapshot | undefined;
  // One check at a time: a burst of readers after the window waits for the same query.
  let pending: Promise<TotalsSnapshot> | undefined;
  // Raised by changed(): a check that began before the change must not count as after it.
  let generation = 0;

  /** This process just made a change that can alter the totals: check on the next read. */
  function changed(): void {
    generation++;
    if (current) current = { ...current, checkedAt: Number.NEGATIVE_INFINITY };
  }

  async function refresh(db: Drizzle): Promise<TotalsSnapshot> {
    const started = generation;
    // The version is read before the totals: a change that commits meanwhile raises it
    // again, so the next check computes once more rather than keeping a stale answer.
    const version = await readTotalsVersion(db);
    if (current && current.version === version) {
      current = { ...current, checkedAt: started === generation ? now() : Number.NEGATIVE_INFINITY };
      return current;
    }
    const body = totalsBody(await computeTotals(db), now());
    current = { version, body, etag: await etagOf(body), checkedAt: started === generation ? now() : Number.NEGATIVE_INFINITY };
    return current;
  }

  return {
    over(db: Drizzle) {
      return {
        /** The totals, from memory unless the window has passed and the version moved. */
        get(): Promise<TotalsSnapshot> {
          if (current && now() - current.checkedAt < recheckMs) return Promise.resolve(current);
          pending ??= refresh(db).finally(() => {
            pending = undefined;
          });
          return pending;
        },
        changed,
      };
    },
  };
}

export type TotalsCache = ReturnType<typeof createTotalsCache>;
