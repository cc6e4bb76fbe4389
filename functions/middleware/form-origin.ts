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

/**
 * The staff API's writes, whatever their body: a browser says where a request comes
 * from (`Origin` on every POST, `Sec-Fetch-Site` in current browsers), and a write to
 * the workspace must come from the portal's own pages. A body-less POST is a "simple"
 * request a foreign page could send without a preflight; the SameSite=Strict cookie
 * keeps its session out, and this keeps the request out too. A client that is not a
 * browser sends neither header and is judged by its session alone.
 */
export function sameOriginWrites(origins: readonly string[] = []): MiddlewareHandler<AppEnv> {
  return async function sameOriginWritesMiddleware(c, next) {
    if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) {
      const origin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      const foreignOrigin = origin !== undefined && origin !== new URL(c.req.url).origin && !origins.includes(origin);
      const foreignSite = site !== undefined && site !== 'same-origin' && site !== 'none';
      if (foreignOrigin || (foreignSite && origin === undefined)) throw new ApiError(403, 'forbidden_origin', 'error.forbiddenOrigin');
    }
    await next();
  };
}
