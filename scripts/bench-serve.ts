// `npm run bench:serve`: how fast the self-hosted server (`scripts/serve.mjs`) serves what
// readers ask for, against a reference measured in the same run, so the ratio holds on a
// noisy machine where the absolute figures do not:
//
//   a guide page and the home page  ÷ a plain static gzip server on the same dist-node/client
//                                     (scripts/lib/bench-static-server.ts, a process of its own)
//   GET /api/totals                 ÷ GET /api/catalog on the same server (built once, in memory)
//
// 10 connections, BENCH_SECONDS (10) per measurement after a 2 s warm-up, Accept-Encoding:
// gzip, br as a browser sends. Builds nothing: run `npm run build:node` first. The
// server's embedded database is a throwaway folder, removed at the end. BENCH_GUIDE picks
// the guide page (default /zh/guides/masks/).
import { existsSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { removeDataDir, startSelfHost } from '../tests/helpers/self-host';
import { acceptCompressed, type LoadSummary, load, ratio, startReferenceServer, unexpectedStatuses } from './lib/bench-load';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = 10;
const client = 'dist-node/client';
const guide = process.env.BENCH_GUIDE ?? '/zh/guides/masks/';
const home = '/zh/';

if (!existsSync(path.resolve('dist-node/server/entry.mjs')) || !existsSync(path.resolve(client))) {
  console.error('No self-host build: run `npm run build:node` first (this bench builds nothing).');
  process.exit(1);
}
if (!existsSync(path.resolve(client, `.${guide}index.html`))) {
  console.error(`${guide} is not in ${client}: set BENCH_GUIDE to a guide page that is.`);
  process.exit(1);
}

const measure = async (baseURL: string, route: string): Promise<LoadSummary> => {
  const options = { url: `${baseURL}${route}`, headers: acceptCompressed, connections };
  await load({ ...options, duration: 2 });
  return load({ ...options, duration: seconds });
};

/** How a server answers `route` to a browser: status, encoding and bytes on the wire (fetch would decompress). */
function wire(baseURL: string, route: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(`${baseURL}${route}`, { headers: acceptCompressed }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on('end', () => resolve(`${res.statusCode} ${res.headers['content-encoding'] ?? 'identity'} ${bytes} B`));
      })
      .on('error', reject);
  });
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'tx-bench-'));
const project = await startSelfHost({ dataDir });
let failed = false;
try {
  const reference = await startReferenceServer('scripts/lib/bench-static-server.ts', { STATIC_ROOT: client });
  try {
    const cases: { key: string; what: string; projectRoute: string; referenceURL: string; referenceRoute: string }[] = [
      { key: 'guide', what: `guide page ${guide}`, projectRoute: guide, referenceURL: reference.baseURL, referenceRoute: guide },
      { key: 'home', what: `home page ${home}`, projectRoute: home, referenceURL: reference.baseURL, referenceRoute: home },
      {
        key: 'totals/catalog',
        what: 'GET /api/totals',
        projectRoute: '/api/totals',
        referenceURL: project.baseURL,
        referenceRoute: '/api/catalog',
      },
    ];
    const rows = [];
    const ratios: string[] = [];
    for (const c of cases) {
      const p = await measure(project.baseURL, c.projectRoute);
      const r = await measure(c.referenceURL, c.referenceRoute);
      const bad = unexpectedStatuses(p) + unexpectedStatuses(r) + p.socketErrors + r.socketErrors;
      failed ||= bad > 0;
      ratios.push(`${c.key}=${ratio(p.okPerSecond, r.okPerSecond)}`);
      rows.push({
        what: c.what,
        'req/s': p.okPerSecond,
        'p50 ms': p.p50,
        'p99 ms': p.p99,
        reference: c.referenceURL === project.baseURL ? `${c.referenceRoute}, same server` : 'static gzip server',
        'ref req/s': r.okPerSecond,
        'ref p50 ms': r.p50,
        'ref p99 ms': r.p99,
        ratio: ratio(p.okPerSecond, r.okPerSecond),
        errors: bad,
        'project answer': await wire(project.baseURL, c.projectRoute),
        'reference answer': await wire(c.referenceURL, c.referenceRoute),
      });
    }
    console.log(`\nscripts/serve.mjs against its references, ${connections} connections, ${seconds} s each, Accept-Encoding: gzip, br\n`);
    console.table(rows);
    console.log(`\nratios project/reference: ${ratios.join(' ')}`);
  } finally {
    await reference.stop();
  }
} finally {
  await project.stop();
  removeDataDir(dataDir);
}
process.exit(failed ? 1 : 0);
