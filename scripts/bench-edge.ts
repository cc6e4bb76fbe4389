// `npm run bench:edge`: the public API as an edge function against the same API on Node
// (docs/decisions/150). Needs a PostgreSQL (TEST_DATABASE_URL or DATABASE_URL); for the
// Node cold start, the Vercel build (`npm run build`). In one run:
//
//   1. bundle sizes: the edge bundle (raw, gzip) and the Node function's folder;
//   2. cold start, BENCH_COLD_RUNS times each, alternating: a fresh edge-runtime isolate
//      (load the bundle, answer GET /api/catalog) against a fresh Node process running the
//      built Vercel function for the same route (spawn to answer, and module load to
//      answer as the process itself measures it);
//   3. offers for BENCH_SECONDS at BENCH_CONCURRENCY, in process, on one throwaway
//      database: the edge bundle in edge-runtime (a WebSocket connection per request,
//      through the tests' WebSocket-to-TCP bridge), the Node app on `pg`'s pool, the
//      Node app on the WebSocket driver's pool, and the Node app on `pg` with a connection
//      per request (so the driver, the bridge, the edge runtime and the connection per
//      request are told apart), and the last and the edge again through Debian's PgBouncer
//      when it is installed. Every 201 is checked against the offers stored.
//
// Absolute figures move with the machine; the ratios are taken within the run.
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { countOfferRows } from '../functions/db/offers';
import pkg from '../package.json' with { type: 'json' };
import { bundleEdge, eagerGlob } from '../src/integrations/edge-function';
import { createPostgresDatabase } from '../tests/helpers/database';
import { type EdgeApi, startEdgeApi } from '../tests/helpers/edge-api';
import { goodsOffer } from '../tests/helpers/offers';
import { startWsBridge } from '../tests/helpers/ws-bridge';
import { startPgbouncer } from './lib/pgbouncer';

const adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!adminUrl) throw new Error('bench:edge needs a PostgreSQL: set TEST_DATABASE_URL');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 10);
const coldRuns = Number(process.env.BENCH_COLD_RUNS ?? 15);

const kb = (n: number) => `${Math.round(n / 1024)} KB`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))] ?? Number.NaN;
};

function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => {
    const stat = lstatSync(path.join(dir, name));
    return sum + (stat.isDirectory() ? folderBytes(path.join(dir, name)) : stat.size);
  }, 0);
}

type Fetcher = (path: string, init: RequestInit, clientAddress: string) => Promise<Response>;

/** The edge function in its runtime (the tests' harness), as a fetcher. */
const edgeFetcher =
  (api: EdgeApi): Fetcher =>
  (p, init, clientAddress) =>
    api.request(p, init, { clientAddress });

// The Node app, bundled as the edge entry is (import.meta.glob), Node packages left as imports.
const nodeBundle = path.resolve('node_modules/.cache/tongxin-bench-edge-node.mjs');
await build({
  entryPoints: ['scripts/lib/bench-edge-node.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile: nodeBundle,
  plugins: [eagerGlob],
  logLevel: 'silent',
});
const { createApp, migrateNeon, openNeon, openPostgres } = (await import(
  pathToFileURL(nodeBundle).href
)) as typeof import('./lib/bench-edge-node');

const database = await createPostgresDatabase(adminUrl, 'tx_bench_edge');
const bridge = await startWsBridge(database.url);
const edgeEnv = {
  DATABASE_URL: database.url,
  DATABASE_DRIVER: 'neon',
  DATABASE_WS_PROXY: bridge.url,
  RATE_LIMIT_OFFERS_PER_HOUR: '0',
  RATE_LIMIT_LOOKUPS_PER_HOUR: '0',
};

try {
  // 1. Sizes.
  const esm = await bundleEdge({ format: 'esm' });
  const nodeFunction = path.resolve('.vercel/output/functions/_render.func');
  console.log('\nSizes');
  console.table([
    { what: 'edge function (public API)', bytes: kb(esm.bytes), gzip: kb(gzipSync(esm.code).byteLength) },
    {
      what: 'Node function (whole site and API)',
      bytes: existsSync(nodeFunction) ? kb(folderBytes(nodeFunction)) : '(run npm run build)',
      gzip: '',
    },
  ]);

  // 2. Cold start.
  const entry = pathToFileURL(path.join(nodeFunction, '.vercel/output/server/entry.mjs')).href;
  const nodeScript = `
    const t0 = performance.now();
    const { default: handler } = await import(${JSON.stringify(entry)});
    const res = await handler.fetch(new Request('http://localhost/api/catalog?locale=en'));
    await res.text();
    process.stdout.write(JSON.stringify({ status: res.status, loadToAnswer: performance.now() - t0, sinceStart: performance.now() }));
    process.exit(0);`;
  const edgeCold: number[] = [];
  const nodeSpawn: number[] = [];
  const nodeLoad: number[] = [];
  const nodeSinceStart: number[] = [];
  for (let i = 0; i < coldRuns; i++) {
    // A new isolate: load the bundle (built once, before) and answer the catalog.
    const api = await startEdgeApi(edgeEnv);
    edgeCold.push(api.coldStartMs);
    const res = await api.request('/api/catalog?locale=en');
    if (res.status !== 200) throw new Error(`edge catalog answered ${res.status}`);
    if (!existsSync(nodeFunction)) continue;
    const s = performance.now();
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', nodeScript], {
      env: { PATH: process.env.PATH ?? '', VERCEL: '1', DATABASE_URL: database.url, SESSION_SECRET: 'x'.repeat(32) },
    });
    nodeSpawn.push(performance.now() - s);
    const answer = JSON.parse(stdout) as { status: number; loadToAnswer: number; sinceStart: number };
    if (answer.status !== 200) throw new Error(`Node catalog answered ${answer.status}`);
    nodeLoad.push(answer.loadToAnswer);
    nodeSinceStart.push(answer.sinceStart);
  }
  console.log(`\nCold start, GET /api/catalog, median of ${coldRuns}`);
  console.table([
    { path: 'edge: new isolate, load bundle, answer', ms: Math.round(median(edgeCold)) },
    ...(nodeSpawn.length
      ? [
          { path: 'Node: spawn process to answer', ms: Math.round(median(nodeSpawn)) },
          { path: 'Node: process start to answer (its own clock)', ms: Math.round(median(nodeSinceStart)) },
          { path: 'Node: load function module and answer', ms: Math.round(median(nodeLoad)) },
        ]
      : []),
  ]);

  // 3. Offers.
  const body = JSON.stringify(goodsOffer());
  async function offers(name: string, fetcher: Fetcher) {
    const before = (await countOfferRows(database.db)).offers;
    const latencies: number[] = [];
    let created = 0;
    let other = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, worker) => {
        while (performance.now() < until) {
          const t = performance.now();
          const res = await fetcher(
            '/api/offers',
            { method: 'POST', headers: { 'Content-Type': 'application/json' }, body },
            `198.51.100.${worker + 1}`,
          );
          await res.arrayBuffer();
          latencies.push(performance.now() - t);
          if (res.status === 201) created++;
          else other++;
        }
      }),
    );
    const stored = (await countOfferRows(database.db)).offers - before;
    return {
      path: name,
      'offers/s': Math.round(created / seconds),
      'p50 ms': Math.round(percentile(latencies, 50)),
      'p99 ms': Math.round(percentile(latencies, 99)),
      other,
      check: stored === created ? 'stored = answered 201' : `MISMATCH: ${stored} stored, ${created} answered 201`,
    };
  }
  const limits = { offersPerHour: 0, lookupsPerHour: 0 };
  const nodePg = createApp({ db: database, version: pkg.version, limits });
  const neonDb = openNeon(database.url, { max: concurrency, statementTimeoutMs: 5_000, wsProxy: bridge.url });
  await migrateNeon(neonDb);
  const nodeNeon = createApp({ db: neonDb, version: pkg.version, limits });
  const nodeFetcher =
    (app: ReturnType<typeof createApp>): Fetcher =>
    (p, init, clientAddress) =>
      Promise.resolve(app.request(p, init, { clientAddress }));
  // The edge's pattern on Node and pg over TCP: a pool of one per request, closed after.
  const perRequestPg =
    (url: string): Fetcher =>
    async (p, init, clientAddress) => {
      const db = await openPostgres(url, { max: 1, statementTimeoutMs: 5_000, migrate: false });
      try {
        const res = await createApp({ db, version: pkg.version, limits }).request(p, init, { clientAddress });
        await res.clone().arrayBuffer();
        return res;
      } finally {
        await db.close();
      }
    };
  const edgeRuntime = await startEdgeApi(edgeEnv);
  // And both through a pooler, as an edge deployment should be: Debian's PgBouncer, if installed.
  const pooler = await startPgbouncer(database.url, concurrency);
  const poolerBridge = pooler ? await startWsBridge(pooler.url) : undefined;
  const pooledEdge =
    pooler && poolerBridge ? await startEdgeApi({ ...edgeEnv, DATABASE_URL: pooler.url, DATABASE_WS_PROXY: poolerBridge.url }) : undefined;
  // Warm each path's JIT first.
  const paths: [string, Fetcher][] = [
    ['Node app, pg pool', nodeFetcher(nodePg)],
    ['Node app, WebSocket driver pool (through the bridge)', nodeFetcher(nodeNeon)],
    ['Node app, a pg connection per request', perRequestPg(database.url)],
    ['edge function, a WebSocket connection per request (through the bridge)', edgeFetcher(edgeRuntime)],
    ...(pooler && pooledEdge
      ? ([
          ['Node app, a pg connection per request, through PgBouncer', perRequestPg(pooler.url)],
          ['edge function, a WebSocket connection per request, through the bridge and PgBouncer', edgeFetcher(pooledEdge)],
        ] as [string, Fetcher][])
      : []),
  ];
  for (const [, f] of paths) {
    for (let i = 0; i < 50; i++)
      await (
        await f('/api/offers', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }, '198.51.100.250')
      ).arrayBuffer();
  }
  const rows: Awaited<ReturnType<typeof offers>>[] = [];
  for (const [name, f] of paths) rows.push(await offers(name, f));
  if (!pooler) console.log('\n(PgBouncer not installed: apt-get install pgbouncer adds the pooled rows)');
  await poolerBridge?.close();
  await pooler?.stop();
  await neonDb.close();
  console.log(`\nPOST /api/offers, ${concurrency} at a time, ${seconds} s each, in process, PostgreSQL`);
  console.table(rows);
  const [pgRow, , perRequestRow, edgeRow, , pooledEdgeRow] = rows;
  const ratio = (a: (typeof rows)[number] | undefined) => ((a?.['offers/s'] ?? 0) / (pgRow?.['offers/s'] || 1)).toFixed(2);
  console.log(
    `\nratio vs Node on pg's pool: edge=${ratio(edgeRow)} node-connection-per-request=${ratio(perRequestRow)}${pooledEdgeRow ? ` edge-through-pgbouncer=${ratio(pooledEdgeRow)}` : ''}`,
  );
  if (rows.some((r) => r.check !== 'stored = answered 201')) process.exitCode = 1;
} finally {
  await bridge.close();
  await database.destroy();
}
