import { Hono } from 'hono';
import { totalsAnswer } from '../contract/answers';
import { answer, describe, type Operation } from '../contract/operation';
import { refusalsOf } from '../contract/refusals';
import type { AppDeps, AppEnv } from '../env';
import { createTotalsCache } from '../totals-cache';

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
  const totals = deps.totals ?? createTotalsCache(deps.db.db, { now: deps.now });
  return new Hono<AppEnv>().get('/', describe(getTotals), async (c) => {
    const { body, etag } = await totals.get();
    c.header('Cache-Control', 'public, max-age=60, s-maxage=300, stale-while-revalidate=600');
    c.header('ETag', etag);
    if (matches(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    return answer(c, totalsAnswer, body);
  });
}

/** Whether `If-None-Match` names this ETag (or `*`); weak tags compare by their value. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}
