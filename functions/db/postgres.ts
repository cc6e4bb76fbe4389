import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { type Database, ping } from './client';
import { migrationsFolder } from './migrate';

/** Applies the committed migrations. On Vercel this is a deploy step (`npm run db:migrate`), not a cold start's job. */
export async function migratePostgres(db: NodePgDatabase): Promise<void> {
  await migrate(db, { migrationsFolder: migrationsFolder() });
}

export async function openPostgres(url: string, options: { max: number; statementTimeoutMs: number; migrate: boolean }): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max,
    idleTimeoutMillis: 10_000,
    connectionTimeoutMillis: 5_000,
    // The request timeout does not cancel a query; the server must.
    statement_timeout: options.statementTimeoutMs,
  });
  // A client that loses its connection must not take the process down. node-postgres
  // emits 'error' on the client when its socket closes while no query of its own runs:
  // idle in the pool (the pool re-emits it) or checked out between two statements of a
  // transaction, where nothing else listens. The query that follows fails, is mapped to
  // 503 (errors.ts), and the pool drops the client when it is released.
  pool.on('connect', (client) => client.on('error', (err) => console.error('[db] connection lost:', err.message)));
  pool.on('error', () => {}); // already logged by the client's own listener
  if (process.env.VERCEL) {
    const { attachDatabasePool } = await import('@vercel/functions');
    attachDatabasePool(pool);
  }
  const db = drizzle(pool);
  if (options.migrate) await migratePostgres(db);
  return {
    kind: 'postgres',
    db,
    ping: () => ping(db),
    close: () => pool.end(),
  };
}
