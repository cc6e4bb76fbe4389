import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { unavailableReason } from './db/errors';
import type { AppDeps, AppEnv } from './env';
import { ApiError, RETRY_AFTER_UNAVAILABLE_SECONDS } from './errors';
import { limitBodies } from './middleware/body-limit';
import { requestLocale } from './middleware/locale';
import { siteSecurityHeaders } from './middleware/security-headers';
import { catalogRoutes } from './routes/catalog';
import { healthRoutes } from './routes/health';
import { localeRoutes } from './routes/locale';
import { offerRoutes } from './routes/offers';
import { totalsRoutes } from './routes/totals';
import { createTotalsCache } from './totals-cache';

/**
 * The public API: what a reader's or donor's browser calls (health, language switch,
 * offers and their lookup, catalog, totals). Everything this module imports, however
 * deep, uses Web-standard APIs only, so it runs on Node and in an edge runtime alike;
 * `npm run build:edge -- --check` fails when a Node built-in creeps in
 * (docs/decisions/150-the-public-api-at-the-edge.md). The full app (functions/app.ts)
 * is this plus the staff, cron and internal routes.
 */

/** The base every API is built on: `/api`, request ids, security headers, the reader's language, body limits. */
export function apiBase() {
  const app = new Hono<AppEnv>().basePath('/api');
  app.use(requestId({ limitLength: 64 }));
  // Hono's defaults, less the headers the whole site shares (set by siteSecurityHeaders).
  app.use(secureHeaders({ crossOriginResourcePolicy: 'same-origin', referrerPolicy: false, strictTransportSecurity: false }));
  app.use(siteSecurityHeaders());
  app.use(requestLocale());
  // Before any route can read a body: one limit per route family (src/lib/body-limits.ts).
  app.use(limitBodies());
  return app;
}

/** The dependencies with the public totals in memory, made here when the caller keeps none. */
export function withTotals(given: AppDeps): AppDeps {
  return { ...given, totals: given.totals ?? createTotalsCache(given.db.db, { now: given.now }) };
}

/** The public routes; functions/public-paths.ts lists their prefixes for the edge build's routing. */
export function publicRoutes(app: ReturnType<typeof apiBase>, deps: AppDeps) {
  app.route('/health', healthRoutes(deps));
  app.route('/locale', localeRoutes());
  app.route('/offers', offerRoutes(deps));
  app.route('/catalog', catalogRoutes());
  app.route('/totals', totalsRoutes(deps));
  return app;
}

/** The answers for an unknown path and for every error: localized, with the request id, nothing more. */
export function answerErrors(app: ReturnType<typeof apiBase>) {
  app.notFound((c) => {
    const t = c.get('t');
    return c.json({ error: { code: 'not_found', message: t('error.notFound'), requestId: c.get('requestId') } }, 404);
  });

  app.onError((err, c) => {
    const id = c.get('requestId');
    const t = c.get('t');
    if (err instanceof ApiError) {
      for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
      const message = t ? String(t(err.messageKey as never, err.details as never)) : err.code;
      return c.json({ error: { code: err.code, message, requestId: id, ...err.details } }, err.status);
    }
    if (err instanceof HTTPException) {
      // Hono's own (a malformed request…): keep the status, translate the words. Body
      // limits answer through ApiError (functions/middleware/body-limit.ts).
      // A 403 here is hono/csrf refusing a write from another site's page: said as the public form's origin check says it.
      const status = err.status as ContentfulStatusCode;
      const [code, key] =
        status === 404
          ? ['not_found', 'error.notFound']
          : status === 403
            ? ['forbidden_origin', 'error.forbiddenOrigin']
            : ['bad_request', 'error.badRequest'];
      return c.json({ error: { code, message: t ? t(key as never) : key, requestId: id } }, status);
    }
    // The database is away (stopped, restarting, unreachable, overloaded): not a bug, and
    // nothing was half-written (every change is one transaction). Ask to come back.
    const unavailable = unavailableReason(err);
    if (unavailable) {
      console.warn(`[api] ${id} ${c.req.method} ${new URL(c.req.url).pathname}: database unavailable (${unavailable})`);
      c.header('Retry-After', String(RETRY_AFTER_UNAVAILABLE_SECONDS));
      c.header('Cache-Control', 'no-store');
      return c.json({ error: { code: 'unavailable', message: t ? t('error.unavailable') : 'Unavailable', requestId: id } }, 503);
    }
    // Anything else is a bug: log it with the request id, tell the client nothing more.
    console.error(`[api] ${id} ${c.req.method} ${new URL(c.req.url).pathname}:`, err);
    return c.json({ error: { code: 'internal', message: t ? t('error.internal') : 'Internal error', requestId: id } }, 500);
  });
  return app;
}

/** The public API alone: what the edge function serves (functions/edge/entry.ts). */
export function createPublicApp(given: AppDeps) {
  const deps = withTotals(given);
  return answerErrors(publicRoutes(apiBase(), deps));
}
