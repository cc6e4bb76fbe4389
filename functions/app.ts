import type { AppDeps } from './env';
import { sameOriginWrites } from './middleware/form-origin';
import { staffSession } from './middleware/staff-session';
import { answerErrors, apiBase, publicRoutes, withTotals } from './public-app';
import { cronRoutes } from './routes/cron';
import { internalStaffRoutes } from './routes/internal-staff';
import { openApiRoutes } from './routes/openapi';
import { staffAccountRoutes } from './routes/staff-accounts';
import { staffAuditRoutes } from './routes/staff-audit';
import { staffAuthRoutes } from './routes/staff-auth';
import { staffListRoutes } from './routes/staff-lists';
import { staffOfferRoutes } from './routes/staff-offers';
import { staffOutboxRoutes } from './routes/staff-outbox';

/**
 * The API, built from its dependencies so tests hand in their own database.
 * Mounted at `/api` in the site; every route below is relative to that. The public
 * routes are functions/public-app.ts's (what an edge deployment serves on its own);
 * this adds the description, staff, internal and cron routes, which run on Node only.
 */
export function createApp(given: AppDeps) {
  const deps = withTotals(given);
  const app = publicRoutes(apiBase(), deps);

  // The description covers every route, staff and cron too, whether or not this deployment turns them on.
  app.route(
    '/openapi.json',
    openApiRoutes(() => createApp(describedDeps(deps)).routes),
  );
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

  return answerErrors(app);
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
