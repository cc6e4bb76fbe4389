import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../env';
import { ApiError } from '../errors';
import { runStaffCommand, StaffCommandError, staffCommandSchema } from '../staff-commands';

/**
 * `POST /internal/staff`: how `npm run staff` reaches the embedded database while this
 * server holds it. Served only to requests the self-hosted server took on its Unix
 * socket in DATA_DIR (mode 0600: only the portal's own user can connect). On the public
 * port it is the ordinary 404, whoever asks, from wherever, with whatever header: no
 * address and no proxy can make a request local (docs/decisions/050-client-address.md).
 */
export function internalStaffRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().post('/staff', async (c) => {
    if (c.env?.staffSocket !== true) throw new ApiError(404, 'not_found', 'error.notFound');
    const parsed = staffCommandSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success)
      return c.json(
        { ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'command'}: ${i.message}`).join('; ') },
        422,
      );
    try {
      return c.json(await runStaffCommand(deps.db.db, parsed.data));
    } catch (err) {
      if (err instanceof StaffCommandError) return c.json({ ok: false, message: err.message }, 409);
      throw err;
    }
  });
}
