import { z } from 'zod';
import { staffEmail as email, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../src/lib/staff-schemas';
import { generatePassword, hashPassword } from './auth/password';
import { appendAudit } from './db/audit';
import type { Drizzle } from './db/client';
import {
  type AccountChange,
  createStaff,
  disableStaff,
  enableStaff,
  findStaff,
  listStaff,
  revokeAllSessions,
  StaffExistsError,
  type StaffKey,
  type StaffMember,
  setStaffPassword,
  setStaffRole,
} from './db/staff';
import { staffRoles } from './db/staff-schema';

/**
 * The rules for staff accounts, once, for `npm run staff` (here or through the running
 * server's socket) and for the admins' accounts page (`functions/routes/staff-accounts.ts`):
 * a password someone else chose is generated here and must be changed at the first
 * sign-in; the last active admin cannot be disabled or demoted; every change is audited,
 * as the command line's or as the admin's who made it.
 */

const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH);
const role = z.enum(staffRoles);

/** What `npm run staff` can ask for, whether it runs here or through the running server. */
export const staffCommandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('add'), email, role, password: password.optional() }),
  z.object({ command: z.literal('list') }),
  z.object({ command: z.literal('disable'), email }),
  z.object({ command: z.literal('enable'), email }),
  z.object({ command: z.literal('set-role'), email, role }),
  z.object({ command: z.literal('reset-password'), email, password: password.optional() }),
  z.object({ command: z.literal('sign-out'), email }),
]);

export type StaffCommand = z.infer<typeof staffCommandSchema>;

export type StaffCommandResult =
  | { ok: true; staff?: StaffMember; list?: StaffMember[]; oneTimePassword?: string; sessionsEnded?: number }
  | { ok: false; message: string };

/** Why a command was refused: the API answers each with its own status and localized message. */
export type StaffCommandRefusal = 'exists' | 'not_found' | 'last_admin';

export class StaffCommandError extends Error {
  override name = 'StaffCommandError';
  constructor(
    message: string,
    readonly reason: StaffCommandRefusal,
  ) {
    super(message);
  }
}

/** Who runs a command: the command line, or an admin signed in to the workspace. */
export type StaffActor = { kind: 'cli' } | { kind: 'staff'; id: string };

/** An account named by email on the command line, by id on the accounts page. */
type Target = { key: StaffKey; label: string };

const targetOf = (command: { email: string }): Target => ({ key: { email: command.email }, label: command.email });

const notFound = (target: Target) => new StaffCommandError(`There is no staff account for ${target.label}.`, 'not_found');

function changed(result: AccountChange, target: Target): StaffMember {
  if (result.outcome === 'not_found') throw notFound(target);
  if (result.outcome === 'last_admin')
    throw new StaffCommandError(
      `${target.label} is the last active admin: make another account admin first, so that someone can still manage the accounts.`,
      'last_admin',
    );
  return result.staff;
}

/** One account command on `target`, audited as `actor`'s. Throws StaffCommandError when refused. */
export async function runAccountCommand(
  db: Drizzle,
  command:
    | { command: 'add'; email: string; role: StaffMember['role']; password?: string }
    | { command: 'disable' | 'enable' | 'sign-out' }
    | { command: 'set-role'; role: StaffMember['role'] }
    | { command: 'reset-password'; password?: string },
  target: Target,
  actor: StaffActor,
): Promise<Extract<StaffCommandResult, { ok: true }>> {
  const audit = (action: string, staff: StaffMember, details?: Record<string, unknown>) =>
    appendAudit(db, {
      actorId: actor.kind === 'staff' ? actor.id : null,
      actorKind: actor.kind,
      action,
      subject: staff.id,
      ...(details ? { details } : {}),
    });
  switch (command.command) {
    case 'add': {
      const oneTimePassword = command.password ? undefined : generatePassword();
      const staff = await createStaff(db, {
        email: command.email,
        role: command.role,
        passwordHash: await hashPassword(command.password ?? (oneTimePassword as string)),
        mustChangePassword: !command.password,
      }).catch((err: unknown) => {
        throw err instanceof StaffExistsError ? new StaffCommandError(err.message, 'exists') : err;
      });
      await audit('staff.add', staff, { role: staff.role });
      return { ok: true, staff, ...(oneTimePassword ? { oneTimePassword } : {}) };
    }
    case 'disable': {
      const staff = changed(await disableStaff(db, target.key), target);
      await audit('staff.disable', staff);
      return { ok: true, staff };
    }
    case 'enable': {
      const staff = await enableStaff(db, target.key);
      if (!staff) throw notFound(target);
      await audit('staff.enable', staff);
      return { ok: true, staff };
    }
    case 'set-role': {
      const staff = changed(await setStaffRole(db, target.key, command.role), target);
      await audit('staff.set-role', staff, { role: staff.role });
      return { ok: true, staff };
    }
    case 'reset-password': {
      const oneTimePassword = command.password ? undefined : generatePassword();
      const staff = await setStaffPassword(db, target.key, await hashPassword(command.password ?? (oneTimePassword as string)), {
        mustChange: !command.password,
      });
      if (!staff) throw notFound(target);
      await audit('staff.reset-password', staff);
      return { ok: true, staff, ...(oneTimePassword ? { oneTimePassword } : {}) };
    }
    case 'sign-out': {
      const staff = await findStaff(db, target.key);
      if (!staff) throw notFound(target);
      const sessionsEnded = await revokeAllSessions(db, staff.id);
      await audit('staff.sign-out', staff, { sessions: sessionsEnded });
      return { ok: true, staff, sessionsEnded };
    }
  }
}

/** Runs one command of `npm run staff`, audited as the command line's. */
export async function runStaffCommand(db: Drizzle, command: StaffCommand): Promise<StaffCommandResult> {
  if (command.command === 'list') return { ok: true, list: await listStaff(db) };
  return runAccountCommand(db, command, targetOf(command), { kind: 'cli' });
}
