import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { sha256, sign, unsign } from '../auth/tokens';
import { findSessionStaff, SESSION_HOURS } from '../db/staff';
import type { StaffRole } from '../db/staff-schema';
import type { AppDeps, AppEnv } from '../env';
import { ApiError } from '../errors';

/**
 * The session cookie is `__Host-tx_staff`: the prefix makes browsers refuse it unless it
 * is Secure, for the whole site (`Path=/`) and without a `Domain`, so a neighbouring
 * subdomain cannot plant or overwrite it.
 */
export const STAFF_COOKIE = 'tx_staff';
export const STAFF_COOKIE_NAME = `__Host-${STAFF_COOKIE}`;

/** Sets the signed session cookie (HttpOnly, Secure, SameSite=Strict) for a session id. */
export async function setSessionCookie(c: Context<AppEnv>, id: string, secret: string): Promise<void> {
  setCookie(c, STAFF_COOKIE, await sign(id, secret), {
    prefix: 'host',
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    maxAge: SESSION_HOURS * 3600,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, STAFF_COOKIE, { prefix: 'host', path: '/', secure: true, sameSite: 'Strict', httpOnly: true });
}

/** Reads the staff cookie; a live session puts its member in `c.var.staff`. */
export function staffSession(deps: AppDeps & { sessionSecret: string }): MiddlewareHandler<AppEnv> {
  if (!deps.sessionSecret || deps.sessionSecret.length < 32) throw new Error('staffSession: sessionSecret must be at least 32 characters');
  return async function staffSessionMiddleware(c, next) {
    const id = await unsign(getCookie(c, STAFF_COOKIE, 'host'), deps.sessionSecret);
    if (id) {
      const idHash = await sha256(id);
      const staff = await findSessionStaff(deps.db.db, idHash, new Date(deps.now?.() ?? Date.now()));
      if (staff) {
        c.set('staff', staff);
        c.set('sessionIdHash', idHash);
      }
    }
    await next();
  };
}

/**
 * 401 without a session; 403 when the member's role may not do this, or while a
 * password set by someone else has not been replaced (except where `beforePasswordChange`).
 */
export function requireStaff(role?: StaffRole, options: { beforePasswordChange?: boolean } = {}): MiddlewareHandler<AppEnv> {
  return async function requireStaffMiddleware(c, next) {
    const staff = c.get('staff');
    if (!staff) throw new ApiError(401, 'unauthenticated', 'error.unauthenticated');
    if (staff.mustChangePassword && !options.beforePasswordChange)
      throw new ApiError(403, 'password_change_required', 'error.passwordChangeRequired');
    if (role === 'admin' && staff.role !== 'admin') throw new ApiError(403, 'forbidden', 'error.forbidden');
    c.header('Cache-Control', 'no-store');
    await next();
  };
}
