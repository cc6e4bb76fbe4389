import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { sha256, unsign } from '../auth/tokens';
import { findSessionStaff } from '../db/staff';
import type { StaffRole } from '../db/staff-schema';
import type { AppDeps, AppEnv } from '../env';
import { ApiError } from '../errors';

export const STAFF_COOKIE = 'tx_staff';
export const SESSION_HOURS = 8;

/** Reads the staff cookie; a live session puts its member in `c.var.staff`. */
export function staffSession(deps: AppDeps): MiddlewareHandler<AppEnv> {
  if (!deps.sessionSecret || deps.sessionSecret.length < 32) throw new Error('staffSession: sessionSecret must be at least 32 characters');
  return async function staffSessionMiddleware(c, next) {
    const id = await unsign(getCookie(c, STAFF_COOKIE), deps.sessionSecret);
    if (id) {
      const idHash = await sha256(id);
      const staff = await findSessionStaff(deps.db.db, idHash, deps.now?.() ?? new Date());
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
