import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const staffRoles = ['reviewer', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** People who work on offers. Created from the command line (`npm run staff`). */
export const staffUsers = pgTable(
  'staff_users',
  {
    id: uuid('id').primaryKey(),
    email: text('email').notNull().unique('staff_users_email_unique'),
    role: text('role', { enum: staffRoles }).notNull(),
    /** `pbkdf2-sha256$iterations$salt$hash` (see functions/auth/password.ts). */
    passwordHash: text('password_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when the password was made by the command line: the member must choose their own. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  },
  (t) => [check('staff_users_email_lower', sql`${t.email} = lower(${t.email})`)],
);

/**
 * Signed-in staff. The cookie carries a random id; the table keeps only its SHA-256, so
 * a copy of the database does not hand out live sessions.
 */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** The last request the session made: a session idle for IDLE_MINUTES ends (see functions/db/staff.ts). */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('staff_sessions_staff_idx').on(t.staffId)],
);

/**
 * Every change, export and erasure, by whom and when. Append-only: a trigger refuses
 * UPDATE and DELETE (see the migration). Details never hold a donor's personal data.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** The staff member, or null for the command line and the system. */
    actorId: uuid('actor_id').references(() => staffUsers.id),
    /** `staff`, `cli` or `system`. */
    actorKind: text('actor_kind').notNull(),
    action: text('action').notNull(),
    /** What it acted on: an offer reference, a staff email's id… */
    subject: text('subject'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_subject_idx').on(t.subject)],
);
