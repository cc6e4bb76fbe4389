import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { cashToFen } from '../../src/lib/totals';
import { computeTotals } from '../db/totals';
import type { AppDeps, AppEnv } from '../env';

/**
 * `GET /totals`: what has arrived, for the public transparency page. Only offers that
 * were received count; only organisations that agreed are named. Cached at the edge.
 */
export function totalsRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().use(etag()).get('/', async (c) => {
    const t = await computeTotals(deps.db.db);
    const cashValueFen = t.cashRows.reduce((sum, r) => sum + cashToFen(r.receivedMinor, r.currency, r.rateMicro), 0);
    c.header('Cache-Control', 'public, max-age=60, s-maxage=300, stale-while-revalidate=600');
    return c.json({
      asOf: (t.asOf ?? new Date(deps.now?.() ?? Date.now())).toISOString(),
      goods: t.goods,
      cash: t.cash,
      estimatedValueCnyMinor: t.goodsValueCnyMinor + cashValueFen,
      countries: t.countries,
      organizations: t.organizations,
      thanked: t.thanked,
    });
  });
}
