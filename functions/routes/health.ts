import { Hono } from 'hono';
import { healthAnswer } from '../contract/answers';
import { answer, describe, type Operation } from '../contract/operation';
import { unavailableReason } from '../db/errors';
import type { AppDeps, AppEnv } from '../env';
import { RETRY_AFTER_UNAVAILABLE_SECONDS } from '../errors';

const getHealth: Operation = {
  operationId: 'getHealth',
  summary: 'Is the API up',
  description: 'The version, and whether the database answers. For monitors and load balancers.',
  tags: ['operations'],
  access: 'public',
  responses: {
    200: { description: 'Up, and the database answers.', body: healthAnswer },
    503: {
      description: 'Up, but the database does not answer.',
      body: healthAnswer,
      headers: { 'Retry-After': { description: 'Seconds to wait before asking again.', schema: { type: 'integer' } } },
    },
  },
};

/** `GET /health`: is the API up, which version, and does the database answer. */
export function healthRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', describe(getHealth), async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      await deps.db.ping();
      return answer(c, healthAnswer, { status: 'ok' as const, version: deps.version, db: { kind: deps.db.kind, status: 'ok' as const } });
    } catch (err) {
      // Expected while the database is down or restarting; anything else is worth an error.
      const reason = unavailableReason(err);
      if (reason) console.warn(`[health] ${c.get('requestId')} database unavailable (${reason})`);
      else console.error(`[health] ${c.get('requestId')} database did not answer:`, err instanceof Error ? err.name : err);
      c.header('Retry-After', String(RETRY_AFTER_UNAVAILABLE_SECONDS));
      const degraded = { status: 'degraded' as const, version: deps.version, db: { kind: deps.db.kind, status: 'unavailable' as const } };
      return answer(c, healthAnswer, degraded, 503);
    }
  });
}
