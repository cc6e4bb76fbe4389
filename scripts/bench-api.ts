// `npm run bench:api`: how many donation offers per second the built self-host server
// (scripts/serve.mjs) takes on loopback, at 10 and 100 connections, on PGlite and (when DATABASE_URL or
// TEST_DATABASE_URL names a PostgreSQL) on PostgreSQL; and whether every 201 answer
// left exactly one offer behind. Build first: `npm run build:node`.
//
//   BENCH_SECONDS=10 (per run) · BENCH_CONNECTIONS=10,100 · BENCH_RATE_LIMIT=off,on
//   BENCH_DATABASES=pglite,postgres (postgres only when a PostgreSQL is named)
//
// Every request comes from one address, so the rate limit is taken out of the way:
// `off` (RATE_LIMIT_OFFERS_PER_HOUR=0) measures the offer itself; `on` keeps the
// per-address counter (raised to 10^9), which here means every request updates the
// same row: a worst case no real server sees. The server runs on a throwaway data
// folder or a throwaway PostgreSQL database that is dropped afterwards. Server, database,
// offer and the count of stored offers come from the tests' helpers and the project's
// stores (so the script runs with tsx: their imports carry no `.ts` extension).
//
// In the same run, on the same kind of database, a bare baseline takes the same offer:
// Hono + zod + ONE INSERT of one row (scripts/lib/bench-bare-insert.ts, in a process of
// its own, hit with the same autocannon settings). The ratio of the two at 10 connections
// holds on a noisy machine where the absolute figures do not:
//
//   ratio vs bare insert: pglite=X postgres=Y   (project offers/s ÷ bare inserts/s)
import { existsSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { goodsOffer } from '../tests/helpers/offers';
import { startSelfHost } from '../tests/helpers/self-host';
import { startReferenceServer } from './lib/bench-load';
import { type BenchTarget, pgliteTarget, postgresTarget } from './lib/bench-targets';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connectionCounts = (process.env.BENCH_CONNECTIONS ?? '10,100').split(',').map(Number);
const limitModes = (process.env.BENCH_RATE_LIMIT ?? 'off,on').split(',') as ('off' | 'on')[];
// The self-hosted server as it runs in production: since issue 13, scripts/serve.mjs sends
// /api/* to the Hono app directly (decision 120). Until then this bench measured the
// adapter's own server (dist-node/server/entry.mjs), which still routes through Astro.

/** The tests' goods offer with a cash pledge too: three goods lines and the pledge, so each one writes six rows. */
const offer = JSON.stringify({
  ...goodsOffer(),
  cash: { amount: '350000.00', currency: 'CNY' },
  notes: 'Cajas de 50 unidades. 每箱五十个。',
});

type Target = BenchTarget;

interface Row {
  db: string;
  limit: string;
  connections: number;
  offersPerSecond: number;
  p50: number;
  p99: number;
  created: number;
  other: number;
  errors: number;
}

async function run(url: string, connections: number, duration: number, route = '/api/offers') {
  const result = await autocannon({
    url: `${url}${route}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': 'es' },
    body: offer,
    connections,
    duration,
  });
  const created = result.statusCodeStats?.['201']?.count ?? 0;
  const answered = Object.values(result.statusCodeStats ?? {}).reduce((sum, s) => sum + (s.count ?? 0), 0);
  // Requests still in flight when the run ends were sent, and may have been stored, but
  // their answers are not counted: they are the only allowed difference.
  return { result, created, other: answered - created, unanswered: result.requests.sent - answered };
}

async function bench(target: Target): Promise<{ rows: Row[]; created: number; unanswered: number; stored: number }> {
  const rows: Row[] = [];
  let created = 0;
  let unanswered = 0;
  for (const mode of limitModes) {
    const server = await startSelfHost({
      dataDir: target.dataDir,
      env: { ...target.env, RATE_LIMIT_OFFERS_PER_HOUR: mode === 'off' ? '0' : '1000000000' },
    });
    try {
      // Warm up the JIT and the database's caches; these offers count towards the check too.
      const warm = await run(server.baseURL, 10, 2);
      created += warm.created;
      unanswered += warm.unanswered;
      for (const connections of connectionCounts) {
        const { result, created: ok, other, unanswered: cut } = await run(server.baseURL, connections, seconds);
        created += ok;
        unanswered += cut;
        rows.push({
          db: target.name,
          limit: mode,
          connections,
          offersPerSecond: Math.round(ok / seconds),
          p50: result.latency.p50,
          p99: result.latency.p99,
          created: ok,
          other,
          errors: result.errors + result.timeouts,
        });
      }
    } finally {
      await server.stop();
    }
  }
  const stored = await target.countOffers();
  return { rows, created, unanswered, stored };
}

/** The bare baseline on the target's kind of database: the same offer, the same autocannon settings, at each connection count. */
async function benchBare(target: Target): Promise<{ rows: Row[]; created: number; unanswered: number; stored: number }> {
  const rows: Row[] = [];
  let created = 0;
  let unanswered = 0;
  const server = await startReferenceServer('scripts/lib/bench-bare-insert.ts', await target.baselineEnv());
  try {
    const warm = await run(server.baseURL, 10, 2, '/offers');
    created += warm.created;
    unanswered += warm.unanswered;
    for (const connections of connectionCounts) {
      const { result, created: ok, other, unanswered: cut } = await run(server.baseURL, connections, seconds, '/offers');
      created += ok;
      unanswered += cut;
      rows.push({
        db: target.name,
        limit: '—',
        connections,
        offersPerSecond: Math.round(ok / seconds),
        p50: result.latency.p50,
        p99: result.latency.p99,
        created: ok,
        other,
        errors: result.errors + result.timeouts,
      });
    }
    const res = await fetch(`${server.baseURL}/count`);
    const stored = ((await res.json()) as { rows: number }).rows;
    return { rows, created, unanswered, stored };
  } finally {
    await server.stop();
  }
}

if (!existsSync(path.resolve('dist-node/server/api-handler.mjs'))) {
  console.error('No self-host build: run `npm run build:node` first.');
  process.exit(1);
}

const postgresUrl = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
const databases = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',');
const targets: (() => Promise<Target>)[] = [];
if (databases.includes('pglite')) targets.push(async () => pgliteTarget());
if (postgresUrl && databases.includes('postgres')) targets.push(() => postgresTarget(postgresUrl, 'tx_bench'));

const table: Row[] = [];
const bareTable: Row[] = [];
let lost = false;
for (const make of targets) {
  const target = await make();
  try {
    const { rows, created, unanswered, stored } = await bench(target);
    table.push(...rows);
    // Every 201 must be stored (nothing lost); beyond those, only requests cut off in flight may be (nothing doubled).
    const ok = stored >= created && stored <= created + unanswered;
    lost ||= !ok;
    console.log(
      `${target.name}: ${created} answered 201, ${unanswered} cut off in flight at the end of a run, ${stored} offers stored: ${
        ok ? 'nothing lost, nothing doubled' : 'MISMATCH'
      }`,
    );
    const bare = await benchBare(target);
    bareTable.push(...bare.rows);
    const bareOk = bare.stored >= bare.created && bare.stored <= bare.created + bare.unanswered;
    lost ||= !bareOk;
    console.log(
      `${target.name} bare insert: ${bare.created} answered 201, ${bare.unanswered} cut off in flight, ${bare.stored} rows stored: ${
        bareOk ? 'nothing lost, nothing doubled' : 'MISMATCH'
      }`,
    );
  } finally {
    await target.cleanup();
  }
}
console.log(`\nPOST /api/offers, ${seconds} s per run, loopback, self-host build (dist-node)\n`);
console.table(
  table.map((r) => ({
    database: r.db,
    'rate limit': r.limit,
    connections: r.connections,
    'offers/s': r.offersPerSecond,
    'p50 ms': r.p50,
    'p99 ms': r.p99,
    '201': r.created,
    'other status': r.other,
    'socket errors': r.errors,
  })),
);
console.log(`\nBare baseline: Hono + zod + one INSERT of one row (scripts/lib/bench-bare-insert.ts), POST /offers, same settings\n`);
console.table(
  bareTable.map((r) => ({
    database: r.db,
    connections: r.connections,
    'inserts/s': r.offersPerSecond,
    'p50 ms': r.p50,
    'p99 ms': r.p99,
    '201': r.created,
    'other status': r.other,
    'socket errors': r.errors,
  })),
);
// The ratio at 10 connections, with the rate limit off when that was measured (the offer itself).
const ratioMode = limitModes.includes('off') ? 'off' : limitModes[0];
const at10 = (rows: Row[], db: string) =>
  rows.find((r) => r.db === db && r.connections === 10 && (rows === bareTable || r.limit === ratioMode));
const ratios = (['pglite', 'postgres'] as const).map((db) => {
  const project = at10(table, db);
  const bare = at10(bareTable, db);
  return { db, project, bare, ratio: project && bare?.offersPerSecond ? (project.offersPerSecond / bare.offersPerSecond).toFixed(2) : '—' };
});
console.log(`\nratio vs bare insert: ${ratios.map((r) => `${r.db}=${r.ratio}`).join(' ')}`);
for (const { db, project, bare } of ratios) {
  if (project && bare) {
    console.log(
      `  ${db}, 10 connections, rate limit ${ratioMode}: project ${project.offersPerSecond} offers/s p99 ${project.p99} ms · bare ${bare.offersPerSecond} inserts/s p99 ${bare.p99} ms`,
    );
  }
}
if (!connectionCounts.includes(10)) console.log('  (no ratio: BENCH_CONNECTIONS does not include 10)');
if (!postgresUrl) console.log('PostgreSQL skipped: set DATABASE_URL or TEST_DATABASE_URL to include it.');
process.exit(lost ? 1 : 0);
