import { sql } from 'drizzle-orm';
import type { Drizzle } from '../../functions/db/client';

/** The rows of a query, from either driver (PGlite and node-postgres both answer `{ rows }`). */
async function rows<T>(db: Drizzle, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * Every place in the database where one of `needles` still appears (letter case
 * ignored): each table of the public schema, row by row, as text. `only` limits the
 * search to some tables. Small test databases only: it reads everything.
 */
export async function findInDatabase(
  db: Drizzle,
  needles: readonly string[],
  only?: readonly string[],
): Promise<{ table: string; needle: string; row: string }[]> {
  const tables = await rows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const found: { table: string; needle: string; row: string }[] = [];
  for (const { name } of tables) {
    if (only && !only.includes(name)) continue;
    for (const { row } of await rows<{ row: string }>(db, sql`select t::text as row from ${sql.identifier(name)} t`)) {
      for (const needle of needles) {
        if (row.toLowerCase().includes(needle.toLowerCase())) found.push({ table: name, needle, row });
      }
    }
  }
  return found;
}
