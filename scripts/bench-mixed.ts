// `npm run bench:mixed`: the self-hosted server (`scripts/serve.mjs`) under a mixed load
// at 50 connections for BENCH_SECONDS (60): readers' pages, donation offers (valid
// bodies, each with its own Idempotency-Key), totals and offer lookups at once, on a
// throwaway PGlite data folder and, when DATABASE_URL or TEST_DATABASE_URL names a
// PostgreSQL, on a throwaway database there too. Prints req/s and p99 per kind, errors
// (answers outside 2xx/3xx other than an expected 429, and socket errors), and offers
// answered 201 against offers stored. Exits 1 on an error or a lost or doubled offer.
// Build first: `npm run build:node`.
//
//   BENCH_SECONDS=60 · BENCH_MIX=pages=20,offers=10,totals=10,lookups=10 (connections per kind)
//
// Every request comes from one address, so both per-address limits are lifted as
// `npm run bench:api` does (RATE_LIMIT_OFFERS_PER_HOUR=0, RATE_LIMIT_LOOKUPS_PER_HOUR=0);
// a 429 would still be counted apart, not as an error.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type autocannon from 'autocannon';
import { goodsOffer } from '../tests/helpers/offers';
import { startSelfHost } from '../tests/helpers/self-host';
import { acceptCompressed, type LoadSummary, load, unexpectedStatuses } from './lib/bench-load';
import { type BenchTarget, pgliteTarget, postgresTarget } from './lib/bench-targets';

const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const mix = Object.fromEntries(
  (process.env.BENCH_MIX ?? 'pages=20,offers=10,totals=10,lookups=10').split(',').map((pair) => {
    const [kind = '', n = '0'] = pair.split('=');
    return [kind.trim(), Number(n)];
  }),
) as Record<Kind, number>;
type Kind = 'pages' | 'offers' | 'totals' | 'lookups';
const kinds: Kind[] = ['pages', 'offers', 'totals', 'lookups'];
const lookupOffers = 20;

if (!existsSync(path.resolve('dist-node/server/entry.mjs'))) {
  console.error('No self-host build: run `npm run build:node` first.');
  process.exit(1);
}

/** Reading pages in every language: home, two guides, a story; those the build holds. */
const pages = ['zh', 'en', 'es', 'ja']
  .flatMap((lng) => [
    `/${lng}/`,
    `/${lng}/guides/masks/`,
    `/${lng}/guides/feeling-unwell-abroad/`,
    `/${lng}/stories/argentina-150000-masks/`,
  ])
  .filter((route) => existsSync(path.resolve('dist-node/client', `.${route}index.html`)));

const offer = JSON.stringify(goodsOffer());
const json = { 'content-type': 'application/json', 'accept-language': 'es', ...acceptCompressed };

type Target = BenchTarget;

/** Offers to look up, each with its own contact address; their references and addresses. */
async function seedLookups(baseURL: string): Promise<{ reference: string; email: string }[]> {
  const seeded = [];
  for (let i = 0; i < lookupOffers; i++) {
    const email = `donor${i}@example.org`;
    const body = goodsOffer();
    const res = await fetch(`${baseURL}/api/offers`, {
      method: 'POST',
      headers: { ...json, 'idempotency-key': randomUUID() },
      body: JSON.stringify({ ...body, contact: { ...body.contact, email } }),
    });
    if (res.status !== 201) throw new Error(`Seeding an offer answered ${res.status}: ${await res.text()}`);
    seeded.push({ reference: ((await res.json()) as { reference: string }).reference, email });
  }
  return seeded;
}

function requestsOf(kind: Kind, lookups: { reference: string; email: string }[]): autocannon.Request[] {
  switch (kind) {
    case 'pages':
      return pages.map((route) => ({ method: 'GET', path: route, headers: acceptCompressed }));
    case 'totals':
      return [{ method: 'GET', path: '/api/totals', headers: acceptCompressed }];
    case 'offers':
      return [
        {
          method: 'POST',
          path: '/api/offers',
          headers: json,
          body: offer,
          // A fresh key on every request: each is a new offer, none a replay.
          setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }),
        },
      ];
    case 'lookups':
      return lookups.map(({ reference, email }) => ({
        method: 'POST',
        path: '/api/offers/lookup',
        headers: json,
        body: JSON.stringify({ locale: 'es', reference, email }),
      }));
  }
}

/** All kinds at once, each on its own connections, for `duration` seconds. */
async function mixedLoad(baseURL: string, lookups: { reference: string; email: string }[], duration: number) {
  const active = kinds.filter((kind) => (mix[kind] ?? 0) > 0);
  const results = await Promise.all(
    active.map((kind) => load({ url: baseURL, connections: mix[kind], duration, requests: requestsOf(kind, lookups) })),
  );
  return new Map<Kind, LoadSummary>(active.map((kind, i) => [kind, results[i] as LoadSummary]));
}

async function bench(target: Target) {
  const server = await startSelfHost({
    dataDir: target.dataDir,
    env: { ...target.env, RATE_LIMIT_OFFERS_PER_HOUR: '0', RATE_LIMIT_LOOKUPS_PER_HOUR: '0' },
  });
  let created = lookupOffers;
  let unanswered = 0;
  let results: Map<Kind, LoadSummary>;
  try {
    const lookups = await seedLookups(server.baseURL);
    // Warm up the JIT and the caches with the same mix; its offers count towards the check too.
    const warm = await mixedLoad(server.baseURL, lookups, 3);
    created += warm.get('offers')?.statuses['201'] ?? 0;
    unanswered += warm.get('offers')?.unanswered ?? 0;
    results = await mixedLoad(server.baseURL, lookups, seconds);
    created += results.get('offers')?.statuses['201'] ?? 0;
    unanswered += results.get('offers')?.unanswered ?? 0;
  } finally {
    await server.stop();
  }
  const stored = await target.countOffers();
  return { results, created, unanswered, stored };
}

const postgresUrl = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
const targets: (() => Promise<Target>)[] = [async () => pgliteTarget()];
if (postgresUrl) targets.push(() => postgresTarget(postgresUrl, 'tx_mixed'));

let failed = false;
for (const make of targets) {
  const target = await make();
  try {
    const { results, created, unanswered, stored } = await bench(target);
    const rows = [...results].map(([kind, s]) => {
      const errors = unexpectedStatuses(s, ['429']) + s.socketErrors;
      failed ||= errors > 0;
      return {
        kind,
        connections: mix[kind],
        'req/s': s.answeredPerSecond,
        'p50 ms': s.p50,
        'p99 ms': s.p99,
        statuses: Object.entries(s.statuses)
          .map(([code, n]) => `${code}:${n}`)
          .join(' '),
        'expected 429': s.statuses['429'] ?? 0,
        errors,
      };
    });
    const total = rows.reduce((sum, r) => sum + r['req/s'], 0);
    const ok = stored >= created && stored <= created + unanswered;
    failed ||= !ok;
    console.log(
      `\n${target.name}: mixed load, ${rows.reduce((n, r) => n + r.connections, 0)} connections, ${seconds} s, self-host server\n`,
    );
    console.table(rows);
    console.log(`${target.name}: ${total} req/s in all, ${rows.reduce((n, r) => n + r.errors, 0)} errors`);
    console.log(
      `${target.name}: ${created} offers answered 201 (${lookupOffers} seeded for the lookups, the warm-up's included), ${unanswered} cut off in flight, ${stored} stored: ${
        ok ? 'nothing lost, nothing doubled' : 'MISMATCH'
      }`,
    );
  } finally {
    await target.cleanup();
  }
}
if (!postgresUrl) console.log('\nPostgreSQL skipped: set DATABASE_URL or TEST_DATABASE_URL to include it.');
process.exit(failed ? 1 : 0);
