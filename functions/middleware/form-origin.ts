import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';

/**
 * Refuses form posts (urlencoded, multipart, text/plain) that come from another site's
 * page: 403 unless the browser says the request is same-origin, or its Origin is this
 * site's or one of `origins`. JSON requests need a CORS preflight a foreign page
 * cannot pass, so they are not affected.
 */
export function formOrigin(origins: readonly string[] = []): MiddlewareHandler<AppEnv> {
  const check = csrf({ origin: (origin, c) => origin === new URL(c.req.url).origin || origins.includes(origin) });
  return async function formOriginMiddleware(c, next) {
    try {
      await check(c, next);
    } catch (err) {
      if (err instanceof HTTPException && err.status === 403 && !(err instanceof ApiError)) {
        throw new ApiError(403, 'forbidden_origin', 'error.forbiddenOrigin');
      }
      throw err;
    }
  };
}
