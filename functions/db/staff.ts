import { and, asc, eq, gt, isNull, ne, type SQL } from 'drizzle-orm';
import type { Drizzle } from './client';
import { type StaffRole, staffSessions, staffUsers } from './staff-schema';

export interface StaffMember {
  id: string;
  email: string;
  role: StaffRole;
  createdAt: Date;
  disabledAt: Date | null;
  lastLoginAt: Date | null;
  mustChangePassword: boolean;
}

const publicColumns = {
  id: staffUsers.id,
  email: staffUsers.email,
  role: staffUsers.role,
  createdAt: staffUsers.createdAt,
  disabledAt: staffUsers.disabledAt,
  lastLoginAt: staffUsers.lastLoginAt,
  mustChangePassword: staffUsers.mustChangePassword,
};

export class StaffExistsError extends Error {
  override name = 'StaffExistsError';
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Which account: by its id (the workspace's pages) or its email (the command line). */
export type StaffKey = { id: string } | { email: string };

const whereKey = (key: StaffKey): SQL => ('id' in key ? eq(staffUsers.id, key.id) : eq(staffUsers.email, normalizeEmail(key.email)));

export async function findStaff(db: Drizzle, key: StaffKey): Promise<StaffMember | undefined> {
  const [row] = await db.select(publicColumns).from(staffUsers).where(whereKey(key));
  return row;
}

/** What a change to an account came to: done, no such account, or refused because it would leave no active admin. */
export type AccountChange = { outcome: 'changed'; staff: StaffMember } | { outcome: 'not_found' } | { outcome: 'last_admin' };

/**
 * Runs `change` on one account unless it would leave the portal without an active admin:
 * `keepsAdmin` says whether the account is still an active admin afterwards. The
 * active admins' rows are locked first (`FOR UPDATE`), so two admins demoting or
 * disabling each other at the same moment cannot both succeed: the second sees the
 * first's change and is refused.
 */
async function changeAccount(
  tx: Drizzle,
  key: StaffKey,
  keepsAdmin: boolean,
  change: (id: string) => Promise<StaffMember | undefined>,
): Promise<AccountChange> {
  const admins = await tx
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(and(eq(staffUsers.role, 'admin'), isNull(staffUsers.disabledAt)))
    .for('update');
  const target = await findStaff(tx, key);
  if (!target) return { outcome: 'not_found' };
  const isActiveAdmin = admins.some((a) => a.id === target.id);
  if (isActiveAdmin && !keepsAdmin && admins.length === 1) return { outcome: 'last_admin' };
  const staff = await change(target.id);
  return staff ? { outcome: 'changed', staff } : { outcome: 'not_found' };
}

/** Gives an account another role; the last active admin keeps theirs. Its sessions go on, with the new role from their next request. */
export function setStaffRole(db: Drizzle, key: StaffKey, role: StaffRole): Promise<AccountChange> {
  return db.transaction((tx) =>
    changeAccount(tx, key, role === 'admin', async (id) => {
      const [row] = await tx.update(staffUsers).set({ role }).where(eq(staffUsers.id, id)).returning(publicColumns);
      return row;
    }),
  );
}

/** Lets a disabled account sign in again. Its old sessions stay ended. */
export async function enableStaff(db: Drizzle, key: StaffKey): Promise<StaffMember | undefined> {
  const [row] = await db.update(staffUsers).set({ disabledAt: null }).where(whereKey(key)).returning(publicColumns);
  return row;
}

export async function createStaff(
  db: Drizzle,
  input: { email: string; role: StaffRole; passwordHash: string; mustChangePassword: boolean },
): Promise<StaffMember> {
  const rows = await db
    .insert(staffUsers)
    .values({
      id: crypto.randomUUID(),
      email: normalizeEmail(input.email),
      role: input.role,
      passwordHash: input.passwordHash,
      mustChangePassword: input.mustChangePassword,
    })
    .onConflictDoNothing({ target: staffUsers.email })
    .returning(publicColumns);
  const row = rows[0];
  if (!row) throw new StaffExistsError(`A staff account for ${normalizeEmail(input.email)} already exists.`);
  return row;
}

export async function listStaff(db: Drizzle): Promise<StaffMember[]> {
  return db.select(publicColumns).from(staffUsers).orderBy(asc(staffUsers.email));
}

export async function findStaffByEmail(db: Drizzle, email: string): Promise<(StaffMember & { passwordHash: string }) | undefined> {
  const [row] = await db
    .select({ ...publicColumns, passwordHash: staffUsers.passwordHash })
    .from(staffUsers)
    .where(eq(staffUsers.email, normalizeEmail(email)));
  return row;
}

/**
 * Disables an account and ends its sessions, unless it is the last active admin. A
 * disabled account stays disabled (its first `disabledAt` is kept).
 */
export function disableStaff(db: Drizzle, key: StaffKey): Promise<AccountChange> {
  return db.transaction((tx) =>
    changeAccount(tx, key, false, async (id) => {
      const [already] = await tx.select({ at: staffUsers.disabledAt }).from(staffUsers).where(eq(staffUsers.id, id));
      const [row] = await tx
        .update(staffUsers)
        .set({ disabledAt: already?.at ?? new Date() })
        .where(eq(staffUsers.id, id))
        .returning(publicColumns);
      await tx
        .update(staffSessions)
        .set({ revokedAt: new Date() })
        .where(and(eq(staffSessions.staffId, id), isNull(staffSessions.revokedAt)));
      return row;
    }),
  );
}

/**
 * Sets a new password; every other session of the member ends (a reset from the command
 * line ends them all). `mustChange` marks a password someone else chose.
 */
export async function setStaffPassword(
  db: Drizzle,
  key: StaffKey,
  passwordHash: string,
  options: { mustChange: boolean; keepSessionHash?: string },
): Promise<StaffMember | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(staffUsers)
      .set({ passwordHash, passwordChangedAt: new Date(), mustChangePassword: options.mustChange })
      .where(whereKey(key))
      .returning(publicColumns);
    if (row) {
      const others = options.keepSessionHash ? ne(staffSessions.idHash, options.keepSessionHash) : undefined;
      await tx
        .update(staffSessions)
        .set({ revokedAt: new Date() })
        .where(and(eq(staffSessions.staffId, row.id), isNull(staffSessions.revokedAt), others));
    }
    return row;
  });
}

export async function recordLogin(db: Drizzle, staffId: string, passwordHash?: string): Promise<void> {
  await db
    .update(staffUsers)
    .set({ lastLoginAt: new Date(), ...(passwordHash ? { passwordHash } : {}) })
    .where(eq(staffUsers.id, staffId));
}

/** A session lasts this long from sign-in, however busy. */
export const SESSION_HOURS = 8;
/** …and ends sooner when no request comes for this long: a workspace left open on a shared computer. */
export const SESSION_IDLE_MINUTES = 30;
/** `last_seen_at` is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

/** A new session, live from `now` for SESSION_HOURS. */
export async function createSession(db: Drizzle, input: { idHash: string; staffId: string; now: Date }): Promise<{ expiresAt: Date }> {
  const expiresAt = new Date(input.now.getTime() + SESSION_HOURS * 3_600_000);
  await db
    .insert(staffSessions)
    .values({ idHash: input.idHash, staffId: input.staffId, createdAt: input.now, lastSeenAt: input.now, expiresAt });
  return { expiresAt };
}

/**
 * The member behind a live session (not expired, not idle for SESSION_IDLE_MINUTES, not
 * revoked, account not disabled), and the session counts as used at `now`.
 */
export async function findSessionStaff(db: Drizzle, idHash: string, now = new Date()): Promise<StaffMember | undefined> {
  const [row] = await db
    .select({ ...publicColumns, lastSeenAt: staffSessions.lastSeenAt })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.staffId))
    .where(
      and(
        eq(staffSessions.idHash, idHash),
        isNull(staffSessions.revokedAt),
        gt(staffSessions.expiresAt, now),
        gt(staffSessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MINUTES * 60_000)),
        isNull(staffUsers.disabledAt),
      ),
    );
  if (!row) return undefined;
  const { lastSeenAt, ...member } = row;
  if (now.getTime() - lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await db.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.idHash, idHash));
  }
  return member;
}

export async function revokeSession(db: Drizzle, idHash: string): Promise<void> {
  await db
    .update(staffSessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(staffSessions.idHash, idHash), isNull(staffSessions.revokedAt)));
}

/** Ends every live session of a member ("sign out everywhere"). Returns how many there were. */
export async function revokeAllSessions(db: Drizzle, staffId: string, now = new Date()): Promise<number> {
  const ended = await db
    .update(staffSessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(staffSessions.staffId, staffId),
        isNull(staffSessions.revokedAt),
        gt(staffSessions.expiresAt, now),
        gt(staffSessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MINUTES * 60_000)),
      ),
    )
    .returning({ idHash: staffSessions.idHash });
  return ended.length;
}

/** Active admins' addresses: who is told when an account is under attack. */
export async function activeAdminEmails(db: Drizzle): Promise<string[]> {
  const rows = await db
    .select({ email: staffUsers.email })
    .from(staffUsers)
    .where(and(eq(staffUsers.role, 'admin'), isNull(staffUsers.disabledAt)))
    .orderBy(asc(staffUsers.email));
  return rows.map((r) => r.email);
}
