import { desc, eq } from 'drizzle-orm';
import type { Drizzle } from './client';
import { guarded } from './errors';
import { auditLog } from './staff-schema';

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
