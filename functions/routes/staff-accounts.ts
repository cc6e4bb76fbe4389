import { type Context, Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { z } from 'zod';
import { defaultCode, fieldProblems, type IssueLike, valueAt } from '../../src/lib/field-problem';
import { staffEmail } from '../../src/lib/staff-schemas';
import {
  oneTimePasswordGiven,
  staffAccountChanged,
  type staffAccount as staffAccountSchema,
  staffAccountsAnswer,
  staffSessionsEnded,
} from '../contract/answers';
import { answer, describe, named, type Operation } from '../contract/operation';
import { bodyRefused, type RefusalName, refusalsOf, staffRefused, staffWriteRefused } from '../contract/refusals';
import { findStaff, listStaff, type StaffMember } from '../db/staff';
import { staffRoles } from '../db/staff-schema';
import type { AppDeps, AppEnv } from '../env';
import { ApiError } from '../errors';
import { requireStaff } from '../middleware/staff-session';
import { runAccountCommand, StaffCommandError, type StaffCommandRefusal } from '../staff-commands';
import { readJson, validationFailed } from '../validation';

/**
 * `/staff/accounts`: the admins' accounts page's API. Every rule (a generated password
 * must be changed at the first sign-in, the last active admin stays one, every change is
 * audited) is `functions/staff-commands.ts`'s, the same as `npm run staff`'s; this file
 * only reads requests and words answers.
 */

const role = z.enum(staffRoles);
const addSchema = z.object({ email: staffEmail, role });
const roleSchema = z.object({ role });
const addInput = named('StaffAccountInput', addSchema);
const roleInput = named('StaffRoleInput', roleSchema);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const accountPath = { id: { description: 'The account’s id (a UUID), as the list gives it.', schema: { type: 'string', format: 'uuid' } } };

const adminWrite = (...more: RefusalName[]) => refusalsOf(...staffWriteRefused, 'forbidden', ...more);

const listAccounts: Operation = {
  operationId: 'listStaffAccounts',
  summary: 'Every staff account',
  description: 'Admins only. Email, role, status and last sign-in of every account, by email.',
  tags: ['staff-accounts'],
  access: 'admin',
  responses: { 200: { description: 'The accounts.', body: staffAccountsAnswer }, ...refusalsOf(...staffRefused, 'forbidden') },
};

const addAccount: Operation = {
  operationId: 'addStaffAccount',
  summary: 'Add an account',
  description:
    'Admins only; audited. The answer carries a one-time password, shown this once: the person must choose their own ' +
    'at the first sign-in (as `npm run staff -- add` does).',
  tags: ['staff-accounts'],
  access: 'admin',
  request: {
    body: { ...addInput, examples: { reviewer: { summary: 'A reviewer', value: { email: 'volunteer@example.org', role: 'reviewer' } } } },
  },
  responses: { 201: { description: 'Added.', body: oneTimePasswordGiven }, ...adminWrite(...bodyRefused, 'accountExists') },
};

const setRole: Operation = {
  operationId: 'setStaffRole',
  summary: 'Change an account’s role',
  description:
    'Admins only; audited. The account’s open sessions have the new role from their next request. The last active admin ' +
    'cannot be made a reviewer (409 `last_admin`).',
  tags: ['staff-accounts'],
  access: 'admin',
  request: { path: accountPath, body: { ...roleInput, examples: { admin: { summary: 'Make admin', value: { role: 'admin' } } } } },
  responses: { 200: { description: 'Changed.', body: staffAccountChanged }, ...adminWrite(...bodyRefused, 'accountNotFound', 'lastAdmin') },
};

const disableAccount: Operation = {
  operationId: 'disableStaffAccount',
  summary: 'Disable an account',
  description:
    'Admins only; audited. The account can no longer sign in and every session it has ends at once. The last active admin ' +
    'cannot be disabled (409 `last_admin`). Disabling a disabled account changes nothing.',
  tags: ['staff-accounts'],
  access: 'admin',
  request: { path: accountPath },
  responses: { 200: { description: 'Disabled.', body: staffAccountChanged }, ...adminWrite('accountNotFound', 'lastAdmin') },
};

const enableAccount: Operation = {
  operationId: 'enableStaffAccount',
  summary: 'Enable a disabled account',
  description: 'Admins only; audited. The account may sign in again; the sessions that ended when it was disabled stay ended.',
  tags: ['staff-accounts'],
  access: 'admin',
  request: { path: accountPath },
  responses: { 200: { description: 'Enabled.', body: staffAccountChanged }, ...adminWrite('accountNotFound') },
};

const resetPassword: Operation = {
  operationId: 'resetStaffPassword',
  summary: 'Give an account a new one-time password',
  description:
    'Admins only; audited. The old password stops working and every session of the account ends. The answer carries the ' +
    'one-time password, shown this once; it must be changed at the next sign-in.',
  tags: ['staff-accounts'],
  access: 'admin',
  request: { path: accountPath },
  responses: { 200: { description: 'Reset.', body: oneTimePasswordGiven }, ...adminWrite('accountNotFound') },
};

const signOutAccount: Operation = {
  operationId: 'endStaffSessions',
  summary: 'End every session of an account',
  description: 'Admins only; audited. For a lost phone or a shared computer: the account must sign in again everywhere.',
  tags: ['staff-accounts'],
  access: 'admin',
  request: { path: accountPath },
  responses: { 200: { description: 'Ended.', body: staffSessionsEnded }, ...adminWrite('accountNotFound') },
};

/** An account as the API shows it: never its password hash. */
function accountView(staff: StaffMember): z.infer<typeof staffAccountSchema.schema> {
  return {
    id: staff.id,
    email: staff.email,
    role: staff.role,
    status: staff.disabledAt ? 'disabled' : 'active',
    mustChangePassword: staff.mustChangePassword,
    createdAt: staff.createdAt.toISOString(),
    lastSignInAt: staff.lastLoginAt?.toISOString() ?? null,
    disabledAt: staff.disabledAt?.toISOString() ?? null,
  };
}

const refusal: Record<StaffCommandRefusal, [number, string, string]> = {
  not_found: [404, 'account_not_found', 'error.accountNotFound'],
  exists: [409, 'account_exists', 'error.accountExists'],
  last_admin: [409, 'last_admin', 'error.lastAdmin'],
};

/** A refused command as the API's answer; anything else is the app's to answer (a 503, a 500). */
function refused(err: unknown): never {
  if (err instanceof StaffCommandError) {
    const [status, code, key] = refusal[err.reason];
    throw new ApiError(status as 404 | 409, code, key);
  }
  throw err;
}

/** A missing field is `required`, a malformed email `email`, a role not offered `choice`. */
function inputCode(body: unknown) {
  return (issue: IssueLike): string => {
    const value = valueAt(body, issue.path);
    if (value === undefined || value === null || value === '') return 'required';
    if (issue.code === 'invalid_format') return 'email';
    return defaultCode(issue);
  };
}

export function staffAccountRoutes(deps: AppDeps) {
  const db = deps.db.db;

  /** The account the path names, with the admin acting on it; a malformed id is as unknown as a missing one. */
  async function target(c: Context<AppEnv>) {
    const id = c.req.param('id') ?? '';
    const account = UUID.test(id) ? await findStaff(db, { id: id.toLowerCase() }) : undefined;
    if (!account) throw new ApiError(404, 'account_not_found', 'error.accountNotFound');
    return { key: { id: account.id }, label: account.email };
  }

  const actor = (c: Context<AppEnv>) => ({ kind: 'staff' as const, id: c.get('staff')?.id as string });

  async function simple(c: Context<AppEnv>, command: 'disable' | 'enable') {
    const result = await runAccountCommand(db, { command }, await target(c), actor(c)).catch(refused);
    return answer(c, staffAccountChanged, { account: accountView(result.staff as StaffMember) });
  }

  return new Hono<AppEnv>()
    .use(csrf())
    .get('/', describe(listAccounts), requireStaff('admin'), async (c) => {
      return answer(c, staffAccountsAnswer, { items: (await listStaff(db)).map(accountView) });
    })
    .post('/', describe(addAccount), requireStaff('admin'), async (c) => {
      const body = await readJson(c);
      const parsed = addSchema.safeParse(body);
      if (!parsed.success) validationFailed(c, fieldProblems(parsed.error.issues, inputCode(body)));
      const { email, role } = parsed.data;
      const result = await runAccountCommand(db, { command: 'add', email, role }, { key: { email }, label: email }, actor(c)).catch(
        refused,
      );
      return answer(
        c,
        oneTimePasswordGiven,
        { account: accountView(result.staff as StaffMember), oneTimePassword: result.oneTimePassword as string },
        201,
      );
    })
    .post('/:id/role', describe(setRole), requireStaff('admin'), async (c) => {
      const who = await target(c);
      const body = await readJson(c);
      const parsed = roleSchema.safeParse(body);
      if (!parsed.success) validationFailed(c, fieldProblems(parsed.error.issues, inputCode(body)));
      const result = await runAccountCommand(db, { command: 'set-role', role: parsed.data.role }, who, actor(c)).catch(refused);
      return answer(c, staffAccountChanged, { account: accountView(result.staff as StaffMember) });
    })
    .post('/:id/disable', describe(disableAccount), requireStaff('admin'), (c) => simple(c, 'disable'))
    .post('/:id/enable', describe(enableAccount), requireStaff('admin'), (c) => simple(c, 'enable'))
    .post('/:id/password', describe(resetPassword), requireStaff('admin'), async (c) => {
      const result = await runAccountCommand(db, { command: 'reset-password' }, await target(c), actor(c)).catch(refused);
      return answer(c, oneTimePasswordGiven, {
        account: accountView(result.staff as StaffMember),
        oneTimePassword: result.oneTimePassword as string,
      });
    })
    .post('/:id/sign-out', describe(signOutAccount), requireStaff('admin'), async (c) => {
      const result = await runAccountCommand(db, { command: 'sign-out' }, await target(c), actor(c)).catch(refused);
      return answer(c, staffSessionsEnded, {
        account: accountView(result.staff as StaffMember),
        sessionsEnded: result.sessionsEnded ?? 0,
      });
    });
}
