import { neonConfig } from '@neondatabase/serverless';
import { migrate } from 'drizzle-orm/neon-serverless/migrator';
import ws from 'ws';
import type { Database } from './client';
import { migrationsFolder } from './migrate';
import { type NeonOptions, openNeon as openNeonAnywhere } from './neon';

/**
 * The WebSocket driver on Node (`DATABASE_DRIVER=neon`): the same driver the edge
 * function uses, with what only Node has: the `ws` package as its WebSocket, as the
 * driver's authors advise for Node (Node's built-in WebSocket reports every close the
 * server does not answer as an error, which the pool would log as a lost connection),
 * and the migrations read from disk.
 */
export function openNeon(url: string, options: NeonOptions): Database {
  neonConfig.webSocketConstructor = ws;
  return openNeonAnywhere(url, options);
}

/** Applies the committed migrations, as postgres.ts does for `pg`. */
export async function migrateNeon(db: Database): Promise<void> {
  await migrate(db.db as Parameters<typeof migrate>[0], { migrationsFolder: migrationsFolder() });
}
