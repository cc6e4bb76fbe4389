import { Hono } from 'hono';
import { timingSafeEqual } from '../auth/password';
import type { AppDeps, AppEnv } from '../env';
import { ApiError } from '../errors';
import { runStaffCommand, StaffCommandError, staffCommandSchema } from '../staff-commands';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * `POST /internal/staff`: how `npm run staff` reaches the embedded database while this
 * server holds it. Only from this machine, only with the token in the data folder.
 */
export function internalStaffRoutes(deps: AppDeps) {
  const expected = new TextEncoder().encode(`Bearer ${deps.adminToken ?? ''}`);
  return new Hono<AppEnv>().post('/staff', async (c) => {
    const given = new TextEncoder().encode(c.req.header('authorization') ?? '');
    const local = LOOPBACK.test(c.env?.clientAddress ?? '');
    if (!deps.adminToken || !local || !timingSafeEqual(given, expected)) throw new ApiError(404, 'not_found', 'error.notFound');
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
