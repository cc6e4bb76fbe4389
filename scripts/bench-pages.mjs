// npm run bench:pages — what a reader's phone downloads. Starts the self-hosted build,
// loads pages in Debian's Chromium and reports, per locale: requests, bytes on the wire
// (compressed) and raw, by type; checks the guide-page budget (≤ 20 KB gzip of HTML + CSS
// + JS in ≤ 3 requests, no script); then runs Lighthouse (mobile) on a guide page.
// Needs `npm run build:node` first. Results also go to test-results/bench-pages.json.
// Server and browser start as in the browser tests (tests/helpers/self-host.ts, chromium.ts).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { locales } from '../src/i18n/config.ts';
import { chromiumFlags, chromiumPath, launchBrowser } from '../tests/helpers/chromium.ts';
import { removeDataDir, startSelfHost } from '../tests/helpers/self-host.ts';

const skipLighthouse = process.argv.includes('--no-lighthouse');

const server = await startSelfHost({ dataDir: mkdtempSync(path.join(tmpdir(), 'tx-bench-')) });
const base = server.baseURL;

const browser = await launchBrowser();

async function measure(url) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const responses = [];
  page.on('requestfinished', async (request) => {
    const response = await request.response();
    if (!response) return;
    const type = request.resourceType();
    const sizes = await request.sizes();
    let raw = 0;
    try {
      raw = (await response.body()).length;
    } catch {}
    responses.push({ url: request.url(), type, wire: sizes.responseBodySize, raw });
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await context.close();
  const counted = responses.filter((r) => !['image', 'media'].includes(r.type));
  const by = (type) => counted.filter((r) => (type === 'html' ? r.type === 'document' : r.type === type));
  const sum = (list, key) => list.reduce((n, r) => n + r[key], 0);
  return {
    requests: counted.length,
    wire: sum(counted, 'wire'),
    raw: sum(counted, 'raw'),
    html: { raw: sum(by('html'), 'raw'), wire: sum(by('html'), 'wire') },
    css: { raw: sum(by('stylesheet'), 'raw'), wire: sum(by('stylesheet'), 'wire') },
    js: { raw: sum(by('script'), 'raw'), wire: sum(by('script'), 'wire'), count: by('script').length },
  };
}

/** The home page's HTML, and its inlined CSS, raw and gzip (the CSS rides inside the HTML). */
async function homeBreakdown(lng) {
  const html = await (await fetch(`${base}/${lng}/`)).text();
  const css = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join('');
  const js = [...html.matchAll(/<script(?![^>]*application\/(ld\+)?json)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[2]).join('');
  const size = (s) => ({ raw: Buffer.byteLength(s), gzip: gzipSync(s, { level: 9 }).length });
  return { html: size(html), inlinedCss: size(css), js: size(js) };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const results = { guides: {}, stories: {}, home: {}, lighthouse: {} };
let failed = false;
for (const lng of locales) {
  const guideUrls = [`/${lng}/guides/masks/`, `/${lng}/guides/feeling-unwell-abroad/`];
  for (const url of guideUrls) {
    const m = await measure(`${base}${url}`);
    results.guides[url] = m;
    const ok = m.wire <= 20 * 1024 && m.requests <= 3 && m.js.count === 0;
    if (!ok) failed = true;
    console.log(
      `${ok ? 'ok  ' : 'OVER'} ${url.padEnd(34)} ${m.requests} request(s), ${kb(m.wire)} on the wire (${kb(m.raw)} raw), JS ${m.js.count}`,
    );
  }
  const story = `/${lng}/stories/argentina-150000-masks/`;
  results.stories[story] = await measure(`${base}${story}`);
  console.log(`     ${story.padEnd(34)} ${results.stories[story].requests} request(s), ${kb(results.stories[story].wire)} on the wire`);
  results.home[lng] = await homeBreakdown(lng);
  const h = results.home[lng];
  console.log(
    `     /${lng}/ home: HTML ${kb(h.html.raw)} raw / ${kb(h.html.gzip)} gzip (CSS inlined: ${kb(h.inlinedCss.raw)} / ${kb(h.inlinedCss.gzip)}), JS ${kb(h.js.raw)}`,
  );
}
await browser.close();

if (!skipLighthouse) {
  for (const lng of locales) {
    const url = `${base}/${lng}/guides/masks/`;
    const out = path.join(server.dataDir, `lh-${lng}.json`);
    await promisify(execFile)(
      path.resolve('node_modules/.bin/lighthouse'),
      [
        url,
        '--quiet',
        `--chrome-flags=${chromiumFlags.join(' ')}`,
        '--only-categories=performance,accessibility,best-practices,seo',
        '--output=json',
        `--output-path=${out}`,
      ],
      { env: { ...process.env, CHROME_PATH: chromiumPath }, maxBuffer: 64 * 1024 * 1024 },
    );
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const scores = Object.fromEntries(Object.entries(report.categories).map(([k, v]) => [k, Math.round(v.score * 100)]));
    results.lighthouse[lng] = scores;
    console.log(
      `     Lighthouse ${url.replace(base, '')}: ${Object.entries(scores)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  }
}

await server.stop();
removeDataDir(server.dataDir);
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/bench-pages.json', `${JSON.stringify(results, null, 2)}\n`);
if (failed) {
  console.error('A guide page is over its budget (20 KB gzip of HTML + CSS + JS, 3 requests, no script).');
  process.exit(1);
}
