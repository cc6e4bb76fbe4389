import { type Client, neonConfig, Pool } from '@neondatabase/serverless';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/neon-serverless';
// Types only: client.ts opens the other drivers, which an edge bundle must not hold.
import type { Database } from './client';

/**
 * PostgreSQL over a WebSocket, through `@neondatabase/serverless` (node-postgres carried
 * over a WebSocket): for an edge runtime, which has no TCP sockets. The stores are the
 * same: the same SQL, transactions, prepared statements and error mapping (errors.ts)
 * as `pg`, because this driver is `pg` underneath. docs/decisions/150.
 *
 * Neon's own databases answer WebSockets themselves. Any other PostgreSQL needs a
 * WebSocket-to-TCP proxy in front of it (`DATABASE_WS_PROXY`, like Neon's `wsproxy`);
 * then the driver asks it for `?address=host:port` of DATABASE_URL.
 */
export interface NeonOptions {
  max: number;
  statementTimeoutMs: number;
  /** `wss://proxy.example.org/v1`, or `ws://127.0.0.1:…` for a proxy on this machine; unset for Neon. */
  wsProxy?: string | undefined;
}

/** Sets the driver's process-wide options (one database per deployment). */
function configure(wsProxy: string | undefined): void {
  if (!wsProxy) return;
  const proxy = new URL(wsProxy);
  neonConfig.wsProxy = `${proxy.host}${proxy.pathname === '/' ? '' : proxy.pathname}`;
  neonConfig.useSecureWebSocket = proxy.protocol === 'wss:';
  // Neon pipelines the password with the start-up; another server may not ask for a
  // cleartext password, so wait for what it asks.
  neonConfig.pipelineConnect = false;
}

export function openNeon(url: string, options: NeonOptions): Database {
  configure(options.wsProxy);
  const pool = new Pool({
    connectionString: url,
    max: options.max,
    idleTimeoutMillis: 10_000,
    connectionTimeoutMillis: 5_000,
    // The request timeout does not cancel a query; the server must.
    statement_timeout: options.statementTimeoutMs,
  });
  // As in postgres.ts: a connection lost while idle must not end the process; the next
  // query on it fails and answers 503.
  pool.on('connect', (client: Client) => client.on('error', (err: Error) => console.error('[db] connection lost:', err.message)));
  pool.on('error', () => {});
  const db = drizzle({ client: pool });
  return {
    kind: 'postgres',
    db,
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}
