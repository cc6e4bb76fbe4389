// The reference `npm run bench:api` measures offers against: the least a server built from
// the project's own dependencies does to take an offer. A tiny Hono app on @hono/node-server
// validates a body shaped like an offer with zod and stores it with ONE INSERT of one row,
// on PGlite (persisted under DATA_DIR, in this process as the real server does) or on the
// PostgreSQL DATABASE_URL names (a pool of DB_POOL_MAX connections, 5 as the project's).
// No idempotency, no rate limit, no mail, no drizzle: only what any offer endpoint needs.
// Started by scripts/lib/bench-load.ts (`startReferenceServer`) on Node's type stripping.
//
//   POST /offers → 201 { reference } · GET /count → { rows } · GET /health → 200
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';
import { z } from 'zod';

type Query = (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

const url = process.env.DATABASE_URL;
let query: Query;
let close: () => Promise<void>;
if (url) {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DB_POOL_MAX ?? 5) });
  query = (sql, params) => pool.query(sql, params);
  close = () => pool.end();
} else {
  const client = await PGlite.create(path.join(process.env.DATA_DIR ?? '.data', 'bare-pglite'));
  query = (sql, params) => client.query(sql, params);
  close = () => client.close();
}

await query(`CREATE TABLE IF NOT EXISTS bare_offers (
  id bigserial PRIMARY KEY,
  reference text NOT NULL UNIQUE,
  locale text NOT NULL,
  organization text NOT NULL,
  country char(2) NOT NULL,
  email text,
  offer jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`);

const text = (max: number) => z.string().trim().min(1).max(max);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** Comparable to the project's offer: the same fields, checked for shape and length. */
const offerBody = z
  .object({
    locale: z.enum(['zh', 'en', 'es', 'ja']),
    organization: z.object({
      name: text(200),
      country: z.string().regex(/^[A-Z]{2}$/),
      city: text(120).optional(),
      kind: text(40).optional(),
    }),
    contact: z.object({
      name: text(120),
      role: text(120).optional(),
      email: z.email().max(254).optional(),
      phone: z
        .string()
        .regex(/^[+\d][\d ().-]{5,30}$/)
        .optional(),
      wechat: text(64).optional(),
      whatsapp: text(64).optional(),
      line: text(64).optional(),
    }),
    goods: z
      .array(
        z.object({
          item: text(40),
          name: text(200).optional(),
          quantity: z.union([z.number().int().positive(), z.string().regex(/^[\d.,\s]{1,20}$/)]),
          standard: text(80).optional(),
          expiresOn: day.optional(),
        }),
      )
      .max(50)
      .optional(),
    cash: z.object({ amount: z.string().regex(/^\d{1,15}(\.\d{1,2})?$/), currency: z.string().regex(/^[A-Z]{3}$/) }).optional(),
    recipient: text(40).optional(),
    availableFrom: day.optional(),
    location: text(300).optional(),
    delivery: text(40).optional(),
    notes: text(2000).optional(),
    consent: z.object({ dataProcessing: z.literal(true), thankPublicly: z.boolean().optional() }),
  })
  .refine((o) => (o.goods?.length ?? 0) > 0 || o.cash, { message: 'goods or cash' })
  .refine((o) => o.contact.email || o.contact.phone, { message: 'email or phone' });

const app = new Hono()
  .get('/health', (c) => c.text('ok'))
  .get('/count', async (c) => {
    const { rows } = await query('SELECT count(*)::int AS n FROM bare_offers');
    return c.json({ rows: rows[0]?.n ?? 0 });
  })
  .post('/offers', async (c) => {
    const parsed = offerBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: { code: 'validation_failed', issues: parsed.error.issues.length } }, 400);
    const o = parsed.data;
    const reference = `TX-${randomBytes(5).toString('hex').toUpperCase()}`;
    await query('INSERT INTO bare_offers (reference, locale, organization, country, email, offer) VALUES ($1, $2, $3, $4, $5, $6)', [
      reference,
      o.locale,
      o.organization.name,
      o.organization.country,
      o.contact.email ?? null,
      JSON.stringify(o),
    ]);
    return c.json({ reference, status: 'submitted' }, 201);
  });

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 4322), hostname: process.env.HOST ?? '127.0.0.1' });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(async () => {
      await close();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
