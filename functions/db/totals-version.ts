import { eq, sql } from 'drizzle-orm';
import type { OfferStatus } from '../../src/lib/catalog';
import type { Drizzle } from './client';
import { guarded } from './errors';
import { totalsVersion } from './schema';

/** Statuses whose goods and money have arrived: what the public totals count. */
export const arrivedStatuses: OfferStatus[] = ['received', 'closed'];

/** Whether a step from one status to another can change the public totals. */
export function altersTotals(from: OfferStatus, to: OfferStatus): boolean {
  return arrivedStatuses.includes(from) || arrivedStatuses.includes(to);
}

/** Says the totals changed: call it in the transaction of the change. */
export async function bumpTotalsVersion(tx: Drizzle): Promise<void> {
  await tx
    .insert(totalsVersion)
    .values({ id: 1, version: 1 })
    .onConflictDoUpdate({ target: totalsVersion.id, set: { version: sql`${totalsVersion.version} + 1` } });
}

/** The totals' version now: 0 before the first change. One indexed row. */
export function readTotalsVersion(db: Drizzle): Promise<number> {
  return guarded('readTotalsVersion', async () => {
    const [row] = await db.select({ version: totalsVersion.version }).from(totalsVersion).where(eq(totalsVersion.id, 1));
    return Number(row?.version ?? 0);
  });
}
