// The self-hosted server: the Astro build (pages, static files and the API) behind
// gzip/brotli compression, which readers on slow or metered connections need and the
// adapter's own server does not do. Listens on HOST:PORT (default localhost:4321).
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import compression from 'compression';
import { staticSecurityHeaders } from './lib/static-security-headers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
process.env.PROJECT_ROOT ??= root;

const entry = pathToFileURL(path.join(root, 'dist-node/server/entry.mjs')).href;
const { handler } = await import(entry).catch((err) => {
  console.error('No self-host build found. Run `npm run build:node` first (`npm start` does both).');
  throw err;
});

// Headers on every response, static files included (the adapter sets none on them).
const setSecurityHeaders = staticSecurityHeaders({ buildDir: path.join(root, 'dist-node'), trustProxy: process.env.TRUST_PROXY });

const compress = compression({ threshold: 1024 });
const server = http.createServer((req, res) => {
  setSecurityHeaders(req, res);
  compress(req, res, () => handler(req, res));
});

const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? 'localhost';
server.listen(port, host, () => {
  const shown = host.includes(':') ? `[${host}]` : host;
  const local = ['0.0.0.0', '::', ''].includes(host) ? '127.0.0.1' : shown;
  console.log(`Tongxin is listening on http://${shown}:${port}`);
  // Where `npm run staff` finds this server when it holds the embedded database.
  if (!process.env.DATABASE_URL) {
    const dataDir = path.resolve(process.env.DATA_DIR ?? '.data');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'server.json'), `${JSON.stringify({ url: `http://${local}:${port}`, pid: process.pid })}\n`);
  }
  // Start the API now, not at the first visitor: it migrates, and its background work
  // (mail waiting since before a restart, retries, the sweep) starts with it.
  fetch(`http://${local}:${port}/api/health`).catch(() => {});
});

// Stop cleanly so the embedded database's lock is released.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
