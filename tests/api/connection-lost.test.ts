import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { expectConsoleError } from '../helpers/fail-on-console-error';

// A PostgreSQL connection that dies while a transaction holds it, between two statements
// (the server crashed, or an administrator ended the backend). node-postgres then emits
// 'error' on the checked-out client; with no listener that event ends the process
// (seen in tests/e2e/outage.test.ts: the self-hosted server exited). PGlite has no
// connections to lose.
const postgres = process.env.TEST_DB === 'postgres';
let database: TestDatabase;

beforeAll(async () => {
  if (postgres) database = await createTestDatabase();
});
afterAll(() => database?.destroy());

describe.runIf(postgres)('a connection lost inside a transaction', () => {
  test('fails that transaction only; the process lives and the next query gets a new connection', async () => {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    expectConsoleError(2); // the server's notice of the end, then the closed socket: logged, not thrown
    try {
      const attempt = database.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        const ended = await admin.query(
          "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and state = 'idle in transaction'",
        );
        expect(ended.rowCount).toBe(1);
        // The client notices the closed socket now, while no query of its own is running.
        await new Promise((resolve) => setTimeout(resolve, 300));
        await tx.execute(sql`select 1`);
      });
      await expect(attempt).rejects.toThrow();
      await expect(database.ping()).resolves.toBeUndefined();
    } finally {
      await admin.end();
    }
  });
});
