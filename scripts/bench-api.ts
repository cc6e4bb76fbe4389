// `npm run bench:api`: how many donation offers per second the built self-host server
// takes on loopback, at 10 and 100 connections, on PGlite and (when DATABASE_URL or
// TEST_DATABASE_URL names a PostgreSQL) on PostgreSQL; and whether every 201 answer
// left exactly one offer behind. Build first: `npm run build:node`.
//
//   BENCH_SECONDS=10 (per run) · BENCH_CONNECTIONS=10,100 · BENCH_RATE_LIMIT=off,on
//
// Every request comes from one address, so the rate limit is taken out of the way:
// `off` (RATE_LIMIT_OFFERS_PER_HOUR=0) measures the offer itself; `on` keeps the
// per-address counter (raised to 10^9), which here means every request updates the
// same row: a worst case no real server sees. The server runs on a throwaway data
// folder or a throwaway PostgreSQL database that is dropped afterwards.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import autocannon from 'autocannon';
import pg from 'pg';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connectionCounts = (process.env.BENCH_CONNECTIONS ?? '10,100').split(',').map(Number);
const limitModes = (process.env.BENCH_RATE_LIMIT ?? 'off,on').split(',') as ('off' | 'on')[];
const entry = path.resolve('dist-node/server/entry.mjs');

/** A realistic offer: three goods lines and a cash pledge, so each one writes six rows. */
const offer = JSON.stringify({
  locale: 'es',
  organization: { name: 'Asociación de Fujian en Argentina', country: 'AR', city: 'Buenos Aires', kind: 'association' },
  contact: { name: 'Lin Haining', role: 'Presidente', email: 'lin@example.org', phone: '+54 9 11 1234 5678' },
  goods: [
    { item: 'surgical_mask', quantity: 150000, standard: 'EN 14683', expiresOn: '2099-12-31' },
    { item: 'medical_gloves', quantity: '100.000' },
    { item: 'protective_suit', quantity: 2500, standard: 'GB 19082' },
  ],
  cash: { amount: '350000.00', currency: 'CNY' },
  recipient: 'fujian_hospitals',
  delivery: 'donor_ships',
  notes: 'Cajas de 50 unidades. 每箱五十个。',
  consent: { dataProcessing: true, thankPublicly: true },
});

interface Target {
  name: 'pglite' | 'postgres';
  env: Record<string, string>;
  countOffers(): Promise<number>;
  cleanup(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startServer(env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      ASTRO_NODE_LOGGING: 'disabled',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    log += d;
  });
  child.stderr?.on('data', (d) => {
    log += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${log}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The server did not become healthy:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    },
  };
}

function pgliteTarget(): Target {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tx-bench-'));
  return {
    name: 'pglite',
    env: { DATA_DIR: dataDir, DATABASE_URL: '' },
    countOffers: async () => {
      const db = await PGlite.create(path.join(dataDir, 'pglite'));
      try {
        const { rows } = await db.query<{ n: number }>('select count(*)::int as n from offers');
        return rows[0]?.n ?? 0;
      } finally {
        await db.close();
      }
    },
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function postgresTarget(adminUrl: string): Promise<Target> {
  const name = `tx_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name: 'postgres',
    env: { DATABASE_URL: url.href },
    countOffers: async () => {
      const client = new pg.Client({ connectionString: url.href });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: number }>('select count(*)::int as n from offers');
        return rows[0]?.n ?? 0;
      } finally {
        await client.end();
      }
    },
    cleanup: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

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

async function run(url: string, connections: number, duration: number) {
  const result = await autocannon({
    url: `${url}/api/offers`,
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
    const server = await startServer({ ...target.env, RATE_LIMIT_OFFERS_PER_HOUR: mode === 'off' ? '0' : '1000000000' });
    try {
      // Warm up the JIT and the database's caches; these offers count towards the check too.
      const warm = await run(server.url, 10, 2);
      created += warm.created;
      unanswered += warm.unanswered;
      for (const connections of connectionCounts) {
        const { result, created: ok, other, unanswered: cut } = await run(server.url, connections, seconds);
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

if (!existsSync(entry)) {
  console.error('No self-host build: run `npm run build:node` first.');
  process.exit(1);
}

const postgresUrl = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
const targets: (() => Promise<Target>)[] = [async () => pgliteTarget()];
if (postgresUrl) targets.push(() => postgresTarget(postgresUrl));

const table: Row[] = [];
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
if (!postgresUrl) console.log('PostgreSQL skipped: set DATABASE_URL or TEST_DATABASE_URL to include it.');
process.exit(lost ? 1 : 0);
