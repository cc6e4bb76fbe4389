import { type Context, Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import type { FieldProblem } from '../../src/lib/offer-schema';
import { loginSchema, passwordChangeSchema } from '../../src/lib/staff-schemas';
import { hashPassword, needsRehash, PASSWORD_ITERATIONS, verifyPassword } from '../auth/password';
import { randomToken, sha256, sign } from '../auth/tokens';
import { appendAudit } from '../db/audit';
import { fixedWindow, hitRateLimit, readRateLimit } from '../db/rate-limits';
import { createSession, findStaffByEmail, normalizeEmail, recordLogin, revokeSession, setStaffPassword } from '../db/staff';
import type { AppDeps, AppEnv } from '../env';
import { ApiError } from '../errors';
import { requireStaff, SESSION_HOURS, STAFF_COOKIE } from '../middleware/staff-session';
import { addressBucket } from '../net/address-bucket';
import { readJson, validationFailed } from '../validation';

const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES_PER_ACCOUNT = 5;
const MAX_ATTEMPTS_PER_ADDRESS = 30;

// Verifying against this when the account does not exist keeps the answer's timing
// from telling which email addresses have accounts.
let dummyHash: Promise<string> | undefined;

async function readBody(c: Context<AppEnv>): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (type.includes('application/json')) return readJson(c);
  if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
    return Object.fromEntries((await c.req.raw.formData()).entries());
  }
  throw new ApiError(415, 'unsupported_media_type', 'error.unsupportedMediaType');
}

/** Zod's issues as field problems: an empty field is `required`, whatever else Zod says. */
function loginProblems(body: unknown, issues: { path: PropertyKey[]; code: string; message: string }[]): FieldProblem[] {
  return issues.map((issue) => {
    const value = issue.path.reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
      body,
    );
    const code =
      value === undefined || value === null || value === ''
        ? 'required'
        : issue.code === 'invalid_format'
          ? 'email'
          : issue.code === 'too_small'
            ? 'passwordTooShort'
            : issue.message === 'same'
              ? 'passwordSame'
              : 'invalid';
    return { path: issue.path.join('.'), code };
  });
}

/** `POST /staff/login`, `POST /staff/logout`, `GET /staff/me`, `POST /staff/password`. */
export function staffAuthRoutes(deps: AppDeps & { sessionSecret: string }) {
  const now = () => new Date(deps.now?.() ?? Date.now());
  const db = deps.db.db;

  const window = () => fixedWindow(now().getTime(), THROTTLE_WINDOW_MS);

  /** Counts this attempt; the seconds to wait when the bucket has had more than `limit`. */
  async function throttled(bucket: string, limit: number): Promise<number | undefined> {
    const { start, retryAfter } = window();
    return (await hitRateLimit(db, bucket, start)) > limit ? retryAfter : undefined;
  }

  /** The seconds to wait when the bucket already holds `limit` hits, without counting this one. */
  async function alreadyThrottled(bucket: string, limit: number): Promise<number | undefined> {
    const { start, retryAfter } = window();
    return (await readRateLimit(db, bucket, start)) >= limit ? retryAfter : undefined;
  }

  return new Hono<AppEnv>()
    .use(csrf())
    .post('/login', async (c) => {
      const body = await readBody(c);
      const parsed = loginSchema.safeParse(body);
      if (!parsed.success) validationFailed(c, loginProblems(body, parsed.error.issues));
      const { email, password } = parsed.data;
      const address = addressBucket(c.env?.clientAddress);
      const retryByAddress = await throttled(`staff-login-ip:${await sha256(address)}`, MAX_ATTEMPTS_PER_ADDRESS);
      const accountBucket = `staff-login-account:${await sha256(normalizeEmail(email))}`;
      // Only failures count against an account: signing in often is no reason to be locked out.
      const retryByAccount = await alreadyThrottled(accountBucket, MAX_FAILURES_PER_ACCOUNT);
      const retryAfter = retryByAddress ?? retryByAccount;
      if (retryAfter) {
        throw new ApiError(
          429,
          'rate_limited',
          'error.loginThrottled',
          { retryAfter, minutes: Math.ceil(retryAfter / 60) },
          { 'Retry-After': String(retryAfter) },
        );
      }
      const member = await findStaffByEmail(db, email);
      dummyHash ??= hashPassword('not a real password', PASSWORD_ITERATIONS);
      const ok = await verifyPassword(password, member?.passwordHash ?? (await dummyHash));
      if (!member || !ok || member.disabledAt) {
        await hitRateLimit(db, accountBucket, window().start);
        throw new ApiError(401, 'login_failed', 'error.loginFailed');
      }
      const id = randomToken(32);
      const expiresAt = new Date(now().getTime() + SESSION_HOURS * 3600 * 1000);
      await createSession(db, { idHash: await sha256(id), staffId: member.id, expiresAt });
      await recordLogin(db, member.id, needsRehash(member.passwordHash) ? await hashPassword(password) : undefined);
      await appendAudit(db, { actorId: member.id, actorKind: 'staff', action: 'staff.login', subject: member.id });
      setCookie(c, STAFF_COOKIE, await sign(id, deps.sessionSecret), {
        path: '/',
        httpOnly: true,
        secure: true,
        sameSite: 'Strict',
        maxAge: SESSION_HOURS * 3600,
      });
      c.header('Cache-Control', 'no-store');
      return c.json({
        email: member.email,
        role: member.role,
        mustChangePassword: member.mustChangePassword,
        expiresAt: expiresAt.toISOString(),
      });
    })
    .post('/password', requireStaff(undefined, { beforePasswordChange: true }), async (c) => {
      const body = await readBody(c);
      const parsed = passwordChangeSchema.safeParse(body);
      if (!parsed.success) validationFailed(c, loginProblems(body, parsed.error.issues));
      const staff = c.get('staff');
      const member = staff && (await findStaffByEmail(db, staff.email));
      if (!member || !(await verifyPassword(parsed.data.currentPassword, member.passwordHash))) {
        validationFailed(c, [{ path: 'currentPassword', code: 'passwordWrong' }]);
      }
      await setStaffPassword(db, member.email, await hashPassword(parsed.data.newPassword), {
        mustChange: false,
        keepSessionHash: c.get('sessionIdHash'),
      });
      await appendAudit(db, { actorId: member.id, actorKind: 'staff', action: 'staff.password-changed', subject: member.id });
      return c.body(null, 204);
    })
    .post('/logout', requireStaff(undefined, { beforePasswordChange: true }), async (c) => {
      const idHash = c.get('sessionIdHash');
      const staff = c.get('staff');
      if (idHash) await revokeSession(db, idHash);
      if (staff) await appendAudit(db, { actorId: staff.id, actorKind: 'staff', action: 'staff.logout', subject: staff.id });
      deleteCookie(c, STAFF_COOKIE, { path: '/', secure: true, sameSite: 'Strict', httpOnly: true });
      return c.body(null, 204);
    })
    .get('/me', requireStaff(undefined, { beforePasswordChange: true }), (c) => {
      const staff = c.get('staff');
      return c.json({ email: staff?.email, role: staff?.role, mustChangePassword: staff?.mustChangePassword });
    });
}
