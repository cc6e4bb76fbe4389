import type { MiddlewareHandler } from 'hono';
import { addSecurityHeaders } from '../../src/lib/security-headers';
import type { AppEnv } from '../env';

/**
 * The headers every response of the site carries (src/lib/security-headers.ts), so the API
 * agrees with the pages and with the hosts' route tables: the same Referrer-Policy and
 * Permissions-Policy, a policy that loads nothing, and HSTS only over HTTPS.
 */
export function siteSecurityHeaders(): MiddlewareHandler<AppEnv> {
  return async function siteSecurityHeaders(c, next) {
    await next();
    addSecurityHeaders(c.res.headers, { https: new URL(c.req.url).protocol === 'https:' });
  };
}
