import { z } from 'zod';
import { staffEmail as email, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../src/lib/staff-schemas';
import { generatePassword, hashPassword } from './auth/password';
import { appendAudit } from './db/audit';
import type { Drizzle } from './db/client';
import { createStaff, disableStaff, listStaff, type StaffMember, setStaffPassword } from './db/staff';
import { staffRoles } from './db/staff-schema';

const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH);

/** What `npm run staff` can ask for, whether it runs here or through the running server. */
export const staffCommandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('add'), email, role: z.enum(staffRoles), password: password.optional() }),
  z.object({ command: z.literal('list') }),
  z.object({ command: z.literal('disable'), email }),
  z.object({ command: z.literal('reset-password'), email, password: password.optional() }),
]);

export type StaffCommand = z.infer<typeof staffCommandSchema>;

export type StaffCommandResult =
  | { ok: true; staff?: StaffMember; list?: StaffMember[]; oneTimePassword?: string }
  | { ok: false; message: string };

export class StaffCommandError extends Error {
  override name = 'StaffCommandError';
}

/**
 * Runs one staff command. A password the person did not choose themselves (generated
 * here) must be changed at the first sign-in.
 */
export async function runStaffCommand(db: Drizzle, command: StaffCommand): Promise<StaffCommandResult> {
  switch (command.command) {
    case 'list':
      return { ok: true, list: await listStaff(db) };
    case 'add': {
      const oneTimePassword = command.password ? undefined : generatePassword();
      const staff = await createStaff(db, {
        email: command.email,
        role: command.role,
        passwordHash: await hashPassword(command.password ?? (oneTimePassword as string)),
        mustChangePassword: !command.password,
      }).catch((err: Error) => {
        throw new StaffCommandError(err.message);
      });
      await appendAudit(db, { actorKind: 'cli', action: 'staff.add', subject: staff.id, details: { role: staff.role } });
      return { ok: true, staff, ...(oneTimePassword ? { oneTimePassword } : {}) };
    }
    case 'disable': {
      const staff = await disableStaff(db, command.email);
      if (!staff) throw new StaffCommandError(`There is no staff account for ${command.email}.`);
      await appendAudit(db, { actorKind: 'cli', action: 'staff.disable', subject: staff.id });
      return { ok: true, staff };
    }
    case 'reset-password': {
      const oneTimePassword = command.password ? undefined : generatePassword();
      const staff = await setStaffPassword(db, command.email, await hashPassword(command.password ?? (oneTimePassword as string)), {
        mustChange: !command.password,
      });
      if (!staff) throw new StaffCommandError(`There is no staff account for ${command.email}.`);
      await appendAudit(db, { actorKind: 'cli', action: 'staff.reset-password', subject: staff.id });
      return { ok: true, staff, ...(oneTimePassword ? { oneTimePassword } : {}) };
    }
  }
}
