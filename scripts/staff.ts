// npm run staff -- <command>: staff accounts from the command line.
//
//   add <email> --role reviewer|admin     a one-time password is printed (changed at first sign-in)
//   list
//   disable <email>                       the account can no longer sign in; its sessions end
//   enable <email>                        a disabled account may sign in again
//   set-role <email> --role reviewer|admin
//   reset-password <email>                a one-time password is printed
//   sign-out <email>                      every session of the account ends
//
// The last active admin cannot be disabled or made a reviewer. Admins can do the same
// from the workspace's accounts page (/staff/<lng>/accounts/): the rules are one
// (functions/staff-commands.ts).
//
// add and reset-password also take --prompt (type the password, hidden) or
// --password-stdin (read it from standard input, for scripts).
//
// With DATABASE_URL the command talks to PostgreSQL. With the embedded database, which
// one process may open at a time, it opens it itself when nothing else holds it, and
// otherwise goes through the running portal, over its socket in the data folder
// (DATA_DIR/staff.sock, which only the user that runs the portal can open).
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Database } from '../functions/db/client';
import { acquireLock, DatabaseLockedError, openPglite } from '../functions/db/pglite';
import { openPostgres } from '../functions/db/postgres';
import {
  runStaffCommand,
  type StaffCommand,
  StaffCommandError,
  type StaffCommandResult,
  staffCommandSchema,
} from '../functions/staff-commands';
import { postToStaffSocket, staffSocketPath } from './lib/staff-socket';

class UsageError extends Error {}

const usage = `Usage: npm run staff -- <command>
  add <email> --role reviewer|admin [--prompt | --password-stdin]
  list
  disable <email>
  enable <email>
  set-role <email> --role reviewer|admin
  reset-password <email> [--prompt | --password-stdin]
  sign-out <email>`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function ask(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new UsageError('--prompt needs a terminal; use --password-stdin in scripts.');
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    // Echo nothing while the password is typed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.includes(question)) process.stdout.write(question);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

async function parse(argv: string[]): Promise<StaffCommand> {
  const [name, ...rest] = argv;
  const flags = new Set(rest.filter((a) => a.startsWith('--')));
  const positional = rest.filter((a, i) => !a.startsWith('--') && rest[i - 1] !== '--role');
  const roleIndex = rest.indexOf('--role');
  const role = roleIndex >= 0 ? rest[roleIndex + 1] : undefined;
  let password: string | undefined;
  if (flags.has('--password-stdin')) password = await readStdin();
  else if (flags.has('--prompt')) {
    password = await ask('New password: ');
    if ((await ask('Repeat it: ')) !== password) throw new UsageError('The two passwords differ.');
  }
  const parsed = staffCommandSchema.safeParse({ command: name, email: positional[0], role, password });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'command'}: ${i.message}`).join('\n  ');
    throw new UsageError(`${problems}\n\n${usage}`);
  }
  return parsed.data;
}

async function throughServer(dataDir: string, command: StaffCommand, holder: string): Promise<StaffCommandResult> {
  const socket = staffSocketPath(dataDir);
  let answer: { status: number; body: unknown };
  try {
    answer = await postToStaffSocket(dataDir, command);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EACCES') {
      throw new UsageError(`${holder}\nYou may not open ${socket}: run this command as the user that runs the portal.`);
    }
    throw new UsageError(
      `${holder}\nIt does not take staff commands on ${socket}: it is not the portal's server (npm run serve), or it is still starting. Try again in a moment, or stop that process.`,
    );
  }
  const result = answer.body as (Partial<StaffCommandResult> & { error?: { message?: string } }) | undefined;
  if (typeof result?.ok === 'boolean') return result as StaffCommandResult;
  throw new UsageError(`The portal could not run the command (${answer.status}): ${result?.error?.message ?? 'it gave no answer'}`);
}

async function direct(db: Database, command: StaffCommand): Promise<StaffCommandResult> {
  try {
    return await runStaffCommand(db.db, command);
  } catch (err) {
    if (err instanceof StaffCommandError) return { ok: false, message: err.message };
    throw err;
  } finally {
    await db.close();
  }
}

async function run(command: StaffCommand): Promise<StaffCommandResult> {
  const url = process.env.DATABASE_URL;
  if (url) return direct(await openPostgres(url, { max: 1, statementTimeoutMs: 10_000, migrate: !process.env.VERCEL }), command);
  const dataDir = path.resolve(process.env.DATA_DIR ?? '.data');
  try {
    acquireLock(dataDir)();
  } catch (err) {
    if (err instanceof DatabaseLockedError) return throughServer(dataDir, command, err.message);
    throw err;
  }
  return direct(await openPglite(dataDir), command);
}

function print(command: StaffCommand, result: StaffCommandResult) {
  if (!result.ok) {
    console.error(result.message);
    process.exitCode = 1;
    return;
  }
  if (result.list) {
    if (!result.list.length) console.log('No staff accounts yet. Add one: npm run staff -- add <email> --role admin');
    for (const s of result.list) {
      const state = s.disabledAt ? 'disabled' : s.mustChangePassword ? 'must change password' : 'active';
      console.log(
        `${s.email.padEnd(40)} ${s.role.padEnd(9)} ${state.padEnd(21)} last sign-in ${s.lastLoginAt ? new Date(s.lastLoginAt).toISOString() : 'never'}`,
      );
    }
    return;
  }
  const who = result.staff ? `${result.staff.email} (${result.staff.role})` : '';
  const done = {
    add: 'Added',
    disable: 'Disabled',
    enable: 'Enabled',
    'set-role': 'Role set:',
    'reset-password': 'New password set for',
    'sign-out': `Ended ${result.sessionsEnded ?? 0} session(s) of`,
    list: '',
  }[command.command];
  console.log(`${done} ${who}.`);
  if (result.oneTimePassword) {
    console.log(`One-time password: ${result.oneTimePassword}`);
    console.log('Give it to the person by a safe channel; they must choose their own at the first sign-in.');
  }
}

try {
  const command = await parse(process.argv.slice(2));
  print(command, await run(command));
} catch (err) {
  if (err instanceof UsageError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
