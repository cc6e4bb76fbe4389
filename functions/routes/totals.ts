import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { cashToFen } from '../../src/lib/totals';
import { totalsAnswer } from '../contract/answers';
import { answer, describe, type Operation } from '../contract/operation';
import { refusalsOf } from '../contract/refusals';
import { computeTotals } from '../db/totals';
import type { AppDeps, AppEnv } from '../env';

const getTotals: Operation = {
  operationId: 'getTotals',
  summary: 'What has arrived',
  description: 'Goods, cash and their estimated value from received offers, by country; only organisations that agreed are named.',
  tags: ['public'],
  access: 'public',
  responses: {
    200: {
      description: 'The totals. Cached for a minute; `ETag` and `If-None-Match` give `304`.',
      body: totalsAnswer,
      headers: { ETag: { description: 'Changes when the totals do.', schema: { type: 'string' } } },
    },
    304: { description: 'Unchanged since the `ETag` sent in `If-None-Match`.' },
    ...refusalsOf('unavailable'),
  },
};

/**
 * `GET /totals`: what has arrived, for the public transparency page. Only offers that
 * were received count; only organisations that agreed are named. Cached at the edge.
 */
export function totalsRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().use(etag()).get('/', describe(getTotals), async (c) => {
    const t = await computeTotals(deps.db.db);
    const cashValueFen = t.cashRows.reduce((sum, r) => sum + cashToFen(r.receivedMinor, r.currency, r.rateMicro), 0);
    c.header('Cache-Control', 'public, max-age=60, s-maxage=300, stale-while-revalidate=600');
    return answer(c, totalsAnswer, {
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
