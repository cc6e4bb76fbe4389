import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { unavailableReason } from './db/errors';
import type { AppDeps, AppEnv } from './env';
import { ApiError, RETRY_AFTER_UNAVAILABLE_SECONDS } from './errors';
import { limitBodies } from './middleware/body-limit';
import { sameOriginWrites } from './middleware/form-origin';
import { requestLocale } from './middleware/locale';
import { siteSecurityHeaders } from './middleware/security-headers';
import { staffSession } from './middleware/staff-session';
import { catalogRoutes } from './routes/catalog';
import { cronRoutes } from './routes/cron';
import { healthRoutes } from './routes/health';
import { internalStaffRoutes } from './routes/internal-staff';
import { localeRoutes } from './routes/locale';
import { offerRoutes } from './routes/offers';
import { openApiRoutes } from './routes/openapi';
import { staffAccountRoutes } from './routes/staff-accounts';
import { staffAuditRoutes } from './routes/staff-audit';
import { staffAuthRoutes } from './routes/staff-auth';
import { staffListRoutes } from './routes/staff-lists';
import { staffOfferRoutes } from './routes/staff-offers';
import { staffOutboxRoutes } from './routes/staff-outbox';
import { totalsRoutes } from './routes/totals';
import { createTotalsCache } from './totals-cache';

/**
 * The API, built from its dependencies so tests hand in their own database.
 * Mounted at `/api` in the site; every route below is relative to that.
 */
export function createApp(given: AppDeps) {
  const deps: AppDeps = { ...given, totals: given.totals ?? createTotalsCache(given.db.db, { now: given.now }) };
  const app = new Hono<AppEnv>().basePath('/api');

  app.use(requestId({ limitLength: 64 }));
  // Hono's defaults, less the headers the whole site shares (set by siteSecurityHeaders).
  app.use(secureHeaders({ crossOriginResourcePolicy: 'same-origin', referrerPolicy: false, strictTransportSecurity: false }));
  app.use(siteSecurityHeaders());
  app.use(requestLocale());
  // Before any route can read a body: one limit per route family (src/lib/body-limits.ts).
  app.use(limitBodies());

  app.route('/health', healthRoutes(deps));
  app.route('/locale', localeRoutes());
  app.route('/offers', offerRoutes(deps));
  app.route('/catalog', catalogRoutes());
  // The description covers every route, staff and cron too, whether or not this deployment turns them on.
  app.route(
    '/openapi.json',
    openApiRoutes(() => createApp(describedDeps(deps)).routes),
  );
  app.route('/totals', totalsRoutes(deps));
  if (deps.sessionSecret) {
    const staffDeps = { ...deps, sessionSecret: deps.sessionSecret };
    app.use('/staff/*', sameOriginWrites(deps.origins));
    app.use('/staff/*', staffSession(staffDeps));
    app.route('/staff', staffAuthRoutes(staffDeps));
    app.route('/staff', staffListRoutes(staffDeps));
    app.route('/staff/offers', staffOfferRoutes(staffDeps));
    app.route('/staff', staffOutboxRoutes(staffDeps));
    app.route('/staff/accounts', staffAccountRoutes(staffDeps));
    app.route('/staff', staffAuditRoutes(staffDeps));
  }
  app.route('/internal', internalStaffRoutes(deps));
  if (deps.cron) app.route('/cron', cronRoutes(deps.cron));

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

export type App = ReturnType<typeof createApp>;

/**
 * The dependencies of an app built only to be described: every optional part present.
 * Building routes touches no database and no secret; this app never serves a request.
 */
export function describedDeps(deps: AppDeps): AppDeps {
  return {
    ...deps,
    sessionSecret: deps.sessionSecret ?? 'described-only-never-serves-a-request',
    cron: deps.cron ?? { secret: 'described-only', run: async () => ({}) },
  };
}
