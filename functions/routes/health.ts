import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../env';

/** `GET /health`: is the API up, which version, and does the database answer. */
export function healthRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      await deps.db.ping();
      return c.json({ status: 'ok', version: deps.version, db: { kind: deps.db.kind, status: 'ok' } });
    } catch (err) {
      console.error(`[health] ${c.get('requestId')} database did not answer:`, (err as Error).message);
      return c.json({ status: 'degraded', version: deps.version, db: { kind: deps.db.kind, status: 'unavailable' } }, 503);
    }
  });
}
