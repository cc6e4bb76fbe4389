import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../functions/db/client';
import { migrateNeon, openNeon } from '../../functions/db/neon-node';
import { openMemoryPglite, openMemoryPgliteThread } from '../../functions/db/pglite';
import { openPostgres } from '../../functions/db/postgres';
import { startWsBridge } from './ws-bridge';

export interface TestDatabase extends Database {
  /** The connection URL, for PostgreSQL. */
  url?: string;
  /** Drops everything this test database holds. */
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a
 * brand-new PostgreSQL database when the project runs with TEST_DB=postgres.
 * TEST_PGLITE_THREAD=1 runs the in-memory PGlite in its own thread, as the server does.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (process.env.TEST_DB !== 'postgres') {
    // TEST_PGLITE_THREAD=1: PGlite in a thread of its own, as the server runs it (decision 140).
    const db = process.env.TEST_PGLITE_THREAD === '1' ? await openMemoryPgliteThread() : await openMemoryPglite();
    return { ...db, destroy: () => db.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
  return createPostgresDatabase(adminUrl);
}

/**
 * A brand-new PostgreSQL database named `<prefix>_<random>` on the server `adminUrl`
 * reaches, migrated and open; `destroy()` drops it. Also for `npm run bench:api`.
 */
export async function createPostgresDatabase(adminUrl: string, prefix = 'tx_test'): Promise<TestDatabase & { url: string }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // TEST_PG_DRIVER=neon: the same database through the WebSocket driver the edge function
  // uses, over a bridge to it (docs/decisions/150): the stores must not tell the difference.
  const bridge = process.env.TEST_PG_DRIVER === 'neon' ? await startWsBridge(url.href) : undefined;
  const db = bridge
    ? await openNeonMigrated(url.href, bridge.url)
    : await openPostgres(url.href, { max: 5, statementTimeoutMs: 5_000, migrate: true });
  return {
    ...db,
    url: url.href,
    destroy: async () => {
      await db.close();
      await bridge?.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

async function openNeonMigrated(url: string, wsProxy: string): Promise<Database> {
  const db = openNeon(url, { max: 5, statementTimeoutMs: 5_000, wsProxy });
  await migrateNeon(db);
  return db;
}
