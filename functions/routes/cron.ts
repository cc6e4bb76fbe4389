import { Hono } from 'hono';
import { timingSafeEqual } from '../auth/password';
import { cronAnswer } from '../contract/answers';
import { describe, type Operation } from '../contract/operation';
import { refusalsOf } from '../contract/refusals';
import type { AppDeps, AppEnv } from '../env';
import { ApiError } from '../errors';

const runCron: Operation = {
  operationId: 'runCron',
  summary: 'Run the background work',
  description: 'Delivers due mail, retries, and sweeps expired rows. For a scheduler (Vercel Cron).',
  tags: ['operations'],
  access: 'cron',
  responses: {
    200: { description: 'What the run did.', body: cronAnswer },
    ...refusalsOf('cronUnauthenticated', 'cronOff', 'unavailable'),
  },
};

/**
 * `GET /cron`: the background work (deliver due mail, retry, sweep expired rows) for a
 * scheduler. Vercel Cron calls it with `Authorization: Bearer $CRON_SECRET`.
 */
export function cronRoutes(cron: NonNullable<AppDeps['cron']>) {
  const expected = new TextEncoder().encode(`Bearer ${cron.secret}`);
  return new Hono<AppEnv>().get('/', describe(runCron), async (c) => {
    const given = new TextEncoder().encode(c.req.header('authorization') ?? '');
    if (!timingSafeEqual(given, expected)) throw new ApiError(401, 'unauthenticated', 'error.unauthenticated');
    c.header('Cache-Control', 'no-store');
    return c.json(await cron.run());
  });
}
