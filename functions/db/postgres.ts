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
  // An idle client that loses its connection must not take the process down.
  pool.on('error', (err) => console.error('[db] idle client error:', err.message));
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
