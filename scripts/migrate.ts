// Applies the committed migrations to DATABASE_URL: the deploy step for Vercel
// (run it from the build command or by hand before promoting a deployment).
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { migratePostgres } from '../functions/db/postgres';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: nothing to migrate. (The embedded database migrates itself when the portal starts.)');
  process.exit(1);
}
const pool = new pg.Pool({ connectionString: url, max: 1 });
try {
  await migratePostgres(drizzle(pool));
  console.log('Migrations applied.');
} finally {
  await pool.end();
}
