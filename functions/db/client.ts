import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Config } from '../config';

// biome-ignore lint/suspicious/noExplicitAny: both drivers' schema types meet here
export type Drizzle = PgDatabase<PgQueryResultHKT, any>;

/** A database handle: the same Drizzle API over PGlite or Postgres. */
export interface Database {
  kind: 'pglite' | 'postgres';
  db: Drizzle;
  /** Round-trips a trivial query; throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function ping(db: Drizzle): Promise<void> {
  await db.execute(sql`select 1`);
}

/** Opens the database the configuration names: Postgres with DATABASE_URL, else PGlite under DATA_DIR. */
export async function openDatabase(config: Config): Promise<Database> {
  if (config.DATABASE_URL && config.DATABASE_DRIVER === 'neon') {
    const { openNeon, migrateNeon } = await import('./neon-node');
    const db = openNeon(config.DATABASE_URL, {
      max: config.DB_POOL_MAX,
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      wsProxy: config.DATABASE_WS_PROXY,
    });
    if (!config.VERCEL) await migrateNeon(db);
    return db;
  }
  if (config.DATABASE_URL) {
    const { openPostgres } = await import('./postgres');
    return openPostgres(config.DATABASE_URL, {
      max: config.DB_POOL_MAX,
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      // A self-hosted server migrates as it starts; on Vercel, migrating is a deploy step.
      migrate: !config.VERCEL,
    });
  }
  // The Vercel build defines this flag, so the bundler drops the branch below and the
  // embedded database (~16 MB of WASM) stays out of the function, where it must never run.
  if (import.meta.env.TONGXIN_NO_EMBEDDED_DB === 'true') {
    throw new Error('This build has no embedded database: set DATABASE_URL.');
  }
  const { openPglite } = await import('./pglite');
  return openPglite(config.DATA_DIR);
}
