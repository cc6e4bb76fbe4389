import { and, asc, count, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Drizzle } from './client';
import { guarded } from './errors';
import { auditLog, staffUsers } from './staff-schema';

export interface AuditEntry {
  actorId?: string | null;
  actorKind: 'staff' | 'cli' | 'system';
  action: string;
  subject?: string | null;
  /** Never a donor's name, email, phone or messaging id. */
  details?: Record<string, unknown>;
}

/**
 * Appends one entry. The log is append-only and outlives every erasure, so `details`
 * must never hold what a donor wrote: not even a search text (it is often an email).
 */
export function appendAudit(db: Drizzle, entry: AuditEntry): Promise<void> {
  return guarded('appendAudit', async () => {
    await db.insert(auditLog).values({
      actorId: entry.actorId ?? null,
      actorKind: entry.actorKind,
      action: entry.action,
      subject: entry.subject ?? null,
      details: entry.details ?? {},
    });
  });
}

export async function listAudit(db: Drizzle, options: { subject?: string; limit?: number } = {}) {
  const query = db.select().from(auditLog);
  const filtered = options.subject ? query.where(eq(auditLog.subject, options.subject)) : query;
  return filtered.orderBy(desc(auditLog.id)).limit(Math.min(options.limit ?? 100, 1000));
}

/** What the audit log can be searched by. Each is optional; together they all must hold. */
export interface AuditFilters {
  /** A staff account's id, or `cli` / `system` for every entry of that kind. */
  actor?: string | undefined;
  /** An action exactly (`offer.transition`). */
  action?: string | undefined;
  /** An offer reference, as the `subject` of offer actions holds it. */
  reference?: string | undefined;
  /** On or after the start of / before the end of these days (YYYY-MM-DD, UTC, like the offers list). */
  from?: string | undefined;
  to?: string | undefined;
}

const DAY_MS = 86_400_000;

function auditConditions(f: AuditFilters) {
  const conditions = [];
  if (f.actor === 'cli' || f.actor === 'system') conditions.push(eq(auditLog.actorKind, f.actor));
  else if (f.actor) conditions.push(eq(auditLog.actorId, f.actor));
  if (f.action) conditions.push(eq(auditLog.action, f.action));
  if (f.reference) conditions.push(eq(auditLog.subject, f.reference));
  if (f.from) conditions.push(gte(auditLog.at, new Date(`${f.from}T00:00:00Z`)));
  if (f.to) conditions.push(lt(auditLog.at, new Date(new Date(`${f.to}T00:00:00Z`).getTime() + DAY_MS)));
  return conditions.length ? and(...conditions) : undefined;
}

// Who acted, and which account a staff action was about: both are staff accounts, whose
// emails are staff data. `subject` is text (an offer reference or an account's id), so
// the second join compares it as text; a subject that is no account's id joins nothing.
const actor = alias(staffUsers, 'audit_actor');
const account = alias(staffUsers, 'audit_account');

function auditRows(db: Drizzle) {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorKind: auditLog.actorKind,
      actorId: auditLog.actorId,
      actorEmail: actor.email,
      action: auditLog.action,
      subject: auditLog.subject,
      subjectEmail: account.email,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorId))
    .leftJoin(account, sql`${account.id}::text = ${auditLog.subject}`);
}

/** One page of the log, newest first, with how many entries matched. */
export function searchAudit(db: Drizzle, filters: AuditFilters, options: { page: number; pageSize: number }) {
  return guarded('searchAudit', async () => {
    const where = auditConditions(filters);
    const [items, [total]] = await Promise.all([
      auditRows(db)
        .where(where)
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(options.pageSize)
        .offset((options.page - 1) * options.pageSize),
      db.select({ n: count() }).from(auditLog).where(where),
    ]);
    return { items, total: total?.n ?? 0 };
  });
}

export type AuditRow = Awaited<ReturnType<typeof searchAudit>>['items'][number];

/** Every matching entry, newest first, for the CSV. */
export function exportAudit(db: Drizzle, filters: AuditFilters): Promise<AuditRow[]> {
  return guarded('exportAudit', () => auditRows(db).where(auditConditions(filters)).orderBy(desc(auditLog.at), desc(auditLog.id)));
}

/**
 * What the log's filters can offer: the actions that occur, and the staff accounts that
 * appear as actors (with their emails), whatever the other filters are.
 */
export function auditChoices(db: Drizzle) {
  return guarded('auditChoices', async () => {
    const [actions, actors] = await Promise.all([
      db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(asc(auditLog.action)),
      db
        .selectDistinct({ id: staffUsers.id, email: staffUsers.email })
        .from(staffUsers)
        .innerJoin(auditLog, eq(auditLog.actorId, staffUsers.id))
        .orderBy(asc(staffUsers.email)),
    ]);
    return { actions: actions.map((a) => a.action), actors };
  });
}
