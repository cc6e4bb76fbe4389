import { type Context, Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { fieldProblems, type IssueLike, valueAt } from '../../src/lib/field-problem';
import { loginSchema, passwordChangeSchema } from '../../src/lib/staff-schemas';
import { hashPassword, needsRehash, PASSWORD_ITERATIONS, verifyPassword } from '../auth/password';
import { randomToken, sha256 } from '../auth/tokens';
import { meAnswer as meSchema, signedIn } from '../contract/answers';
import { answer, describe, named, type Operation } from '../contract/operation';
import { formRefused, refusalsOf } from '../contract/refusals';
import { appendAudit } from '../db/audit';
import { queueMessages } from '../db/outbox';
import { fixedWindow, hitRateLimit, refundRateLimit } from '../db/rate-limits';
import type { StaffMember } from '../db/staff';
import {
  activeAdminEmails,
  createSession,
  findStaffByEmail,
  normalizeEmail,
  recordLogin,
  revokeAllSessions,
  revokeSession,
  setStaffPassword,
} from '../db/staff';
import type { AppDeps, AppEnv } from '../env';
import { ApiError } from '../errors';
import { clearSessionCookie, requireStaff, setSessionCookie } from '../middleware/staff-session';
import { addressBucket } from '../net/address-bucket';
import { readBody, validationFailed } from '../validation';

/**
 * Sign-in throttling (docs/decisions/055-sign-in-throttling.md). Every attempt is counted
 * before its password is checked, in one atomic statement, so parallel guesses are
 * counted like sequential ones:
 * - per address: any account, every attempt;
 * - per account × address: password checks; a success takes its own attempt back, so
 *   only failures add up. A stranger's failures use up the stranger's allowance, never
 *   the owner's, who signs in from another address.
 * - per account from anywhere: failures do not lock the account (anyone who knows the
 *   address could lock its owner out); past a ceiling, admins are told.
 */
export const signInThrottle = {
  windowMs: 15 * 60 * 1000,
  perAddress: 30,
  perAccountAndAddress: 5,
  alertWindowMs: 60 * 60 * 1000,
  alertAfterFailures: 20,
} as const;

// Verifying against this when the account does not exist keeps the answer's timing
// from telling which email addresses have accounts.
let dummyHash: Promise<string> | undefined;

/** Sign-in and password fields: an empty one is `required`, whatever else Zod says. */
function signInCode(body: unknown) {
  return (issue: IssueLike): string => {
    const value = valueAt(body, issue.path);
    if (value === undefined || value === null || value === '') return 'required';
    if (issue.code === 'invalid_format') return 'email';
    if (issue.code === 'too_small') return 'passwordTooShort';
    return 'invalid';
  };
}

/** `POST /staff/login`, `/logout`, `/logout-everywhere`, `/password`, `GET /staff/me`. */
export function staffAuthRoutes(deps: AppDeps & { sessionSecret: string }) {
  const now = () => new Date(deps.now?.() ?? Date.now());
  const db = deps.db.db;
  const mail = deps.mail;

  /**
   * Which address an audit entry came from, without the address: a keyed hash, so the
   * log can show that failures came from one place or many, and nobody can turn the
   * entries back into addresses by trying them all.
   */
  const addressTag = async (address: string) => (await sha256(`audit-address:${deps.sessionSecret}:${address}`)).slice(0, 10);

  /** A new session for the member: the cookie on the answer, the row in the table. */
  async function startSession(c: Context<AppEnv>, staffId: string) {
    const id = randomToken(32);
    const { expiresAt } = await createSession(db, { idHash: await sha256(id), staffId, now: now() });
    await setSessionCookie(c, id, deps.sessionSecret);
    return expiresAt;
  }

  /** Tells admins, once per window, that an account is failing from many places. */
  async function alertAdmins(member: { id: string; email: string }, failures: number) {
    const minutes = signInThrottle.alertWindowMs / 60_000;
    await appendAudit(db, {
      actorKind: 'system',
      action: 'staff.login-alert',
      subject: member.id,
      details: { failures, minutes },
    });
    const admins = await activeAdminEmails(db);
    if (!admins.length) return;
    const params = { email: member.email, failures, minutes, perAddress: signInThrottle.perAccountAndAddress, siteUrl: mail?.siteUrl };
    await queueMessages(db, null, [{ kind: 'staff_alert', to: admins, params }], {
      status: mail?.sending ? 'pending' : 'held',
      now: now(),
    });
    if (mail?.sending) mail.kick?.();
  }

  return new Hono<AppEnv>()
    .use(csrf())
    .post('/login', describe(signIn), async (c) => {
      const body = await readBody(c);
      const parsed = loginSchema.safeParse(body);
      if (!parsed.success) validationFailed(c, fieldProblems(parsed.error.issues, signInCode(body)));
      const { email, password } = parsed.data;
      const address = addressBucket(c.env?.clientAddress);
      const account = await sha256(normalizeEmail(email));
      const { start, retryAfter } = fixedWindow(now().getTime(), signInThrottle.windowMs);
      const pairBucket = `staff-login-pair:${await sha256(`${account}:${address}`)}`;
      // Counted now, before the slow password check: thirty guesses at once are thirty attempts.
      const [byAddress, byPair] = await Promise.all([
        hitRateLimit(db, `staff-login-ip:${await sha256(address)}`, start),
        hitRateLimit(db, pairBucket, start),
      ]);
      const member = await findStaffByEmail(db, email);
      const overAddress = byAddress > signInThrottle.perAddress;
      const overPair = byPair > signInThrottle.perAccountAndAddress;
      if (overAddress || overPair) {
        // Audited once per bucket and window, when the limit is first passed: not once per refused guess.
        if (byAddress === signInThrottle.perAddress + 1 || byPair === signInThrottle.perAccountAndAddress + 1) {
          await appendAudit(db, {
            actorKind: 'system',
            action: 'staff.login-throttled',
            subject: member?.id ?? null,
            details: { by: overPair ? 'account-and-address' : 'address', from: await addressTag(address) },
          });
        }
        throw new ApiError(
          429,
          'rate_limited',
          'error.loginThrottled',
          { retryAfter, minutes: Math.ceil(retryAfter / 60) },
          { 'Retry-After': String(retryAfter) },
        );
      }
      dummyHash ??= hashPassword('not a real password', PASSWORD_ITERATIONS);
      const ok = await verifyPassword(password, member?.passwordHash ?? (await dummyHash));
      if (!member || !ok || member.disabledAt) {
        await appendAudit(db, {
          actorKind: 'system',
          action: 'staff.login-failed',
          subject: member?.id ?? null,
          details: { reason: !member ? 'unknown-account' : member.disabledAt ? 'disabled' : 'password', from: await addressTag(address) },
        });
        if (member && !member.disabledAt) {
          const alertWindow = fixedWindow(now().getTime(), signInThrottle.alertWindowMs).start;
          const failures = await hitRateLimit(db, `staff-login-failures:${account}`, alertWindow);
          if (failures === signInThrottle.alertAfterFailures) await alertAdmins(member, failures);
        }
        throw new ApiError(401, 'login_failed', 'error.loginFailed');
      }
      // Only failures count against an account from an address: this attempt is taken back.
      await refundRateLimit(db, pairBucket, start);
      const expiresAt = await startSession(c, member.id);
      await recordLogin(db, member.id, needsRehash(member.passwordHash) ? await hashPassword(password) : undefined);
      await appendAudit(db, { actorId: member.id, actorKind: 'staff', action: 'staff.login', subject: member.id });
      c.header('Cache-Control', 'no-store');
      return answer(c, signedIn, {
        email: member.email,
        role: member.role,
        mustChangePassword: member.mustChangePassword,
        expiresAt: expiresAt.toISOString(),
      });
    })
    .post('/password', describe(changePassword), requireStaff(undefined, { beforePasswordChange: true }), async (c) => {
      const body = await readBody(c);
      const parsed = passwordChangeSchema.safeParse(body);
      if (!parsed.success) validationFailed(c, fieldProblems(parsed.error.issues, signInCode(body)));
      const staff = c.get('staff');
      const member = staff && (await findStaffByEmail(db, staff.email));
      if (!member || !(await verifyPassword(parsed.data.currentPassword, member.passwordHash))) {
        validationFailed(c, [{ path: 'currentPassword', code: 'passwordWrong' }]);
      }
      // Every session ends, this one too, and this browser gets a new one: a session id
      // that someone else may have seen does not outlive the password it was made with.
      await setStaffPassword(db, { id: member.id }, await hashPassword(parsed.data.newPassword), { mustChange: false });
      await startSession(c, member.id);
      await appendAudit(db, { actorId: member.id, actorKind: 'staff', action: 'staff.password-changed', subject: member.id });
      c.header('Cache-Control', 'no-store');
      return c.body(null, 204);
    })
    .post('/logout', describe(signOut), requireStaff(undefined, { beforePasswordChange: true }), async (c) => {
      const idHash = c.get('sessionIdHash');
      const staff = c.get('staff');
      if (idHash) await revokeSession(db, idHash);
      if (staff) await appendAudit(db, { actorId: staff.id, actorKind: 'staff', action: 'staff.logout', subject: staff.id });
      clearSessionCookie(c);
      return c.body(null, 204);
    })
    .post('/logout-everywhere', describe(signOutEverywhere), requireStaff(undefined, { beforePasswordChange: true }), async (c) => {
      const staff = c.get('staff');
      if (!staff) throw new ApiError(401, 'unauthenticated', 'error.unauthenticated');
      const sessions = await revokeAllSessions(db, staff.id, now());
      await appendAudit(db, {
        actorId: staff.id,
        actorKind: 'staff',
        action: 'staff.logout-everywhere',
        subject: staff.id,
        details: { sessions },
      });
      clearSessionCookie(c);
      return c.body(null, 204);
    })
    .get('/me', describe(whoAmI), requireStaff(undefined, { beforePasswordChange: true }), (c) => {
      const staff = c.get('staff');
      if (!staff) throw new ApiError(401, 'unauthenticated', 'error.unauthenticated');
      return answer(c, meSchema, meAnswer(staff));
    });
}

/** Who is signed in, as `GET /staff/me` answers it: what every staff page shows and checks first. */
function meAnswer(staff: StaffMember) {
  return { email: staff.email, role: staff.role, mustChangePassword: staff.mustChangePassword };
}

const noContent = (description: string) => ({ 204: { description } });

const signIn: Operation = {
  operationId: 'signIn',
  summary: 'Sign in',
  description:
    'Starts a session (the `__Host-tx_staff` cookie). Attempts are counted per address and per account and address ' +
    'before the password is checked; admins are told of repeated failures.',
  tags: ['staff'],
  access: 'public',
  request: {
    body: {
      ...named('SignInInput', loginSchema),
      examples: { signIn: { summary: 'Sign in', value: { email: 'coordinator@example.org', password: 'correct horse battery staple' } } },
    },
  },
  responses: {
    200: {
      description: 'Signed in. `mustChangePassword`: only `POST /staff/password` works until the password is changed.',
      body: signedIn,
      headers: { 'Set-Cookie': { description: 'The session cookie.', schema: { type: 'string' } } },
    },
    ...refusalsOf(...formRefused, 'loginFailed', 'rateLimited', 'unavailable'),
  },
};

const changePassword: Operation = {
  operationId: 'changePassword',
  summary: 'Choose a new password',
  description: 'Ends every session of the account, this one too, and starts a new one in this browser.',
  tags: ['staff'],
  access: 'staff',
  request: {
    body: {
      ...named('PasswordChangeInput', passwordChangeSchema),
      examples: {
        change: { summary: 'Change', value: { currentPassword: 'the one-time password', newPassword: 'a long new passphrase' } },
      },
    },
  },
  responses: {
    ...noContent('Changed; the response sets the new session cookie.'),
    ...refusalsOf(...formRefused, 'unauthenticated', 'unavailable'),
  },
};

const signOut: Operation = {
  operationId: 'signOut',
  summary: 'Sign out',
  tags: ['staff'],
  access: 'staff',
  responses: { ...noContent('Signed out; the cookie is cleared.'), ...refusalsOf('unauthenticated', 'forbiddenOrigin', 'unavailable') },
};

const signOutEverywhere: Operation = {
  operationId: 'signOutEverywhere',
  summary: 'Sign out everywhere',
  description: 'Ends every session of the account, on every device.',
  tags: ['staff'],
  access: 'staff',
  responses: { ...noContent('All sessions ended.'), ...refusalsOf('unauthenticated', 'forbiddenOrigin', 'unavailable') },
};

const whoAmI: Operation = {
  operationId: 'getSignedInStaff',
  summary: 'Who is signed in',
  tags: ['staff'],
  access: 'staff',
  responses: { 200: { description: 'The signed-in account.', body: meSchema }, ...refusalsOf('unauthenticated', 'unavailable') },
};
