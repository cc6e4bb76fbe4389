import { migrate } from 'drizzle-orm/neon-serverless/migrator';
import type { Database } from './client';
import { migrationsFolder } from './migrate';

/**
 * The WebSocket driver on Node (`DATABASE_DRIVER=neon`): the same driver the edge
 * function uses, plus what only Node can do, reading the migrations from disk.
 */
export { openNeon } from './neon';

/** Applies the committed migrations, as postgres.ts does for `pg`. */
export async function migrateNeon(db: Database): Promise<void> {
  await migrate(db.db as Parameters<typeof migrate>[0], { migrationsFolder: migrationsFolder() });
}
