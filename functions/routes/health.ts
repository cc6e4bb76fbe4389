import { Hono } from 'hono';
import { unavailableReason } from '../db/errors';
import type { AppDeps, AppEnv } from '../env';
import { RETRY_AFTER_UNAVAILABLE_SECONDS } from '../errors';

/** `GET /health`: is the API up, which version, and does the database answer. */
export function healthRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      await deps.db.ping();
      return c.json({ status: 'ok', version: deps.version, db: { kind: deps.db.kind, status: 'ok' } });
    } catch (err) {
      // Expected while the database is down or restarting; anything else is worth an error.
      const reason = unavailableReason(err);
      if (reason) console.warn(`[health] ${c.get('requestId')} database unavailable (${reason})`);
      else console.error(`[health] ${c.get('requestId')} database did not answer:`, err instanceof Error ? err.name : err);
      c.header('Retry-After', String(RETRY_AFTER_UNAVAILABLE_SECONDS));
      return c.json({ status: 'degraded', version: deps.version, db: { kind: deps.db.kind, status: 'unavailable' } }, 503);
    }
  });
}
